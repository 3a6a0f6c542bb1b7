"""Small helpers for reading rendered pages in tests."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str, tag: str, **attrs) -> list[dict]:
    """Attributes of every element with this tag (and these attribute values)."""
    parser = _Collector()
    parser.feed(html)
    return [
        found
        for name, found in parser.elements
        if name == tag and all(found.get(k.rstrip("_")) == v for k, v in attrs.items())
    ]


def html_lang_dir(html: str) -> tuple[str, str]:
    root = elements(html, "html")[0]
    return root.get("lang"), root.get("dir")
