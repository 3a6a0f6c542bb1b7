"""Checks that a demo translation file fits the Swedish source, without Django.

A translation keeps the Swedish structure: the same pages, the same headings, paragraphs and
list items in the same order, the same page links, the same number of things to bring and of
entrances. Run ``python -m pages.demo.structure ar`` to check ``content/ar.toml``.
"""

import re
import sys
import tomllib
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
CONTACT_FIELDS = ("intro", "next_steps")
TRANSLATED_LEVELS = ("standard", "easy")
STEP_FIELDS = ("responsible", "duration", "next")
_TAGS = re.compile(r"<(/?)(h2|h3|p|ul|ol|li|strong)>")
_LINKS = re.compile(r'href="page:([a-z0-9-]+)"')


def _load(code: str) -> dict:
    with (CONTENT_DIR / f"{code}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _shape(html: str) -> list[str]:
    return ["".join(m.groups()) for m in _TAGS.finditer(html) if m.group(2) != "strong"]


def translated_into(page: dict, code: str) -> bool:
    """``translated = true``: into every language; ``translated = ["en"]``: into those only."""
    wanted = page.get("translated", False)
    return wanted is True or (isinstance(wanted, list) and code in wanted)


OFFER_FIELDS = ("occupation", "summary", "commitment", "body")


def structure_problems(code: str) -> list[str]:
    source = {page["key"]: page for page in _load("sv")["pages"]}
    translation = _load(code)
    problems = []
    keys = [page.get("key") for page in translation.get("pages", [])]
    expected = [key for key, page in source.items() if translated_into(page, code)]
    for key in expected:
        if key not in keys:
            problems.append(f"page {key} is missing")
    for page in translation.get("pages", []):
        key = page.get("key")
        if key not in source:
            problems.append(f"unknown page key {key!r}")
            continue
        original = source[key]
        for name in ("title", "search_description"):
            if not str(page.get(name, "")).strip():
                problems.append(f"{key}: {name} is empty")
        if original["type"] in ("contact", "offer"):
            for name in CONTACT_FIELDS if original["type"] == "contact" else OFFER_FIELDS:
                if not str(page.get(name, "")).strip():
                    problems.append(f"{key}: {name} is empty")
            if original["type"] == "offer":
                if _shape(page.get("body", "")) != _shape(original["body"]):
                    problems.append(f"{key}: body must keep the Swedish tags in the same order")
                if _LINKS.findall(page.get("body", "")) != _LINKS.findall(original["body"]):
                    problems.append(f"{key}: page links must be the same and in the same order")
            continue
        for level in TRANSLATED_LEVELS:
            theirs, ours = page.get(level, {}), original.get(level, {})
            if not theirs:
                problems.append(f"{key}: level [{level}] is missing")
                continue
            if not theirs.get("intro", "").strip():
                problems.append(f"{key}.{level}: intro is empty")
            if _shape(theirs.get("body", "")) != _shape(ours.get("body", "")):
                problems.append(
                    f"{key}.{level}: body must keep the Swedish headings, paragraphs and list "
                    f"items in the same order ({len(_shape(ours.get('body', '')))} tags expected, "
                    f"{len(_shape(theirs.get('body', '')))} found)"
                )
            if _LINKS.findall(theirs.get("body", "")) != _LINKS.findall(ours.get("body", "")):
                problems.append(f"{key}.{level}: page links must be the same and in the same order")
            if original["type"] == "chain_step":
                for name in STEP_FIELDS:
                    if not str(theirs.get(name, "")).strip():
                        problems.append(f"{key}.{level}: {name} is empty")
                if len(theirs.get("bring", [])) != len(ours.get("bring", [])):
                    problems.append(
                        f"{key}.{level}: bring must have {len(ours.get('bring', []))} items"
                    )
        if len(page.get("entrances", [])) != len(original.get("entrances", [])):
            problems.append(
                f"{key}: entrances must have {len(original.get('entrances', []))} items"
            )
    details = translation.get("site_details", {})
    for name in ("organisation_name", "address", "opening_hours"):
        if not str(details.get(name, "")).strip():
            problems.append(f"site_details.{name} is empty")
    return problems


if __name__ == "__main__":
    failed = False
    for language_code in sys.argv[1:]:
        found = structure_problems(language_code)
        for problem in found:
            print(f"{language_code}: {problem}")
        failed = failed or bool(found)
        if not found:
            print(f"{language_code}: fits the Swedish source")
    sys.exit(1 if failed else 0)
