"""Links the first occurrence of each glossary term in rendered rich text to its explanation.

Runs at render time on the HTML of easy-to-read and SFI-level text: only in text between tags,
never inside a link or a heading, on whole words (case-insensitive; common Swedish endings such
as -en, -et, -er, -na and -s are found too), once per term per page. With JavaScript the link
becomes a disclosure button showing the explanation in place; without, it leads to the term's
page. The terms come from the cached glossary (lookup.py) and the pattern is compiled once per
glossary version and language, so linking costs no query.
"""

import re
from functools import lru_cache

from django.urls import reverse
from django.utils.html import escape

from pages.levels import keep_level

from .lookup import TermView, _version, glossary

SWEDISH_ENDINGS = r"(?:en|et|n|t|er|erna|ar|arna|or|orna|na|s|:s)?"
_TAG = re.compile(r"(<[^>]*>)")
# Punctuation right after a linked term goes before its explanation, which opens as a block: a
# sentence's full stop is never left alone on the line below the explanation.
_NOTE_THEN_PUNCTUATION = re.compile(
    r'(<span class="glossary-note"[^>]*>[^<]*</span>)([.,;:!?»”’)،؛؟۔።-፨]+)'
)
_OPENS = re.compile(r"<\s*(a|h[1-6]|button|summary|code)\b", re.IGNORECASE)
_CLOSES = re.compile(r"<\s*/\s*(a|h[1-6]|button|summary|code)\s*>", re.IGNORECASE)
LINKED_LEVELS = ("easy", "sfi")


@lru_cache(maxsize=64)
def _pattern(version: int, language: str):
    terms = glossary(language)
    by_word: dict[str, str] = {}
    for key, term in terms.items():
        for form in term.forms:
            by_word.setdefault(form.casefold(), key)
    if not by_word:
        return None, {}
    words = sorted(by_word, key=len, reverse=True)
    alternatives = "|".join(re.escape(escape(word)) for word in words)
    pattern = re.compile(rf"(?<![\w-])({alternatives}){SWEDISH_ENDINGS}(?![\w-])", re.IGNORECASE)
    return pattern, {escape(word).casefold(): key for word, key in by_word.items()}


class GlossaryLinker:
    """One per rendered page: remembers which terms are linked already."""

    def __init__(self, language: str):
        self.language = language
        self.seen: set[str] = set()
        self.count = 0

    def _replacement(self, match, terms: dict[str, TermView], keys: dict[str, str]):
        key = keys.get(match.group(1).casefold())
        if key is None or key in self.seen or key not in terms:
            return match.group(0)
        self.seen.add(key)
        self.count += 1
        term = terms[key]
        note_id = f"glossary-note-{self.count}"
        url = escape(keep_level(reverse("glossary_term", args=[term.slug]), "glossary"))
        lang = f' lang="{term.language}"' if term.language != self.language else ""
        return (
            f'<a class="glossary-link" href="{url}" data-note="{note_id}">{match.group(0)}</a>'
            f'<span class="glossary-note" id="{note_id}" hidden{lang}>'
            f"{escape(term.explanation)}</span>"
        )

    def link(self, html: str) -> str:
        pattern, keys = _pattern(_version(), self.language)
        if pattern is None:
            return html
        terms = glossary(self.language)
        depth = 0
        parts = _TAG.split(str(html))
        for index, part in enumerate(parts):
            if index % 2:  # a tag
                if _CLOSES.match(part):
                    depth = max(0, depth - 1)
                elif _OPENS.match(part):
                    depth += 1
                continue
            if depth == 0 and part.strip():
                parts[index] = _NOTE_THEN_PUNCTUATION.sub(
                    r"\2\1",
                    pattern.sub(lambda match: self._replacement(match, terms, keys), part),
                )
        return "".join(parts)
