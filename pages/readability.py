"""LIX, the Swedish readability index: words per sentence plus the share of long words.

LIX = words / sentences + 100 × long words / words, where a long word has more than six letters.
A sentence ends at . ! ? or : and at the end of every block (paragraph, list item, heading).
Numbers count as words but never as long words.
"""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|dt|dd|div|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n+")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / self.sentences + 100 * self.long_words / self.words


def plain_text(html: str) -> str:
    """Text of an HTML fragment with a line break where each block ends."""
    return strip_tags(_BLOCK_END.sub("\n", html))


def measure(text: str) -> Readability:
    """Count words, sentences and long words in plain text (use ``plain_text`` for HTML)."""
    words = 0
    long_words = 0
    sentences = 0
    for sentence in _SENTENCE_END.split(text):
        sentence_words = _WORD.findall(sentence)
        if not sentence_words:
            continue
        sentences += 1
        words += len(sentence_words)
        long_words += sum(1 for word in sentence_words if sum(ch.isalpha() for ch in word) > 6)
    return Readability(
        words=words, sentences=max(sentences, 1) if words else 0, long_words=long_words
    )


def lix(text: str) -> float:
    """LIX of plain text, rounded to one decimal; 0 for text without words."""
    return round(measure(text).lix, 1)
