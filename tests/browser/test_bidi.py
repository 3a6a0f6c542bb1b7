"""Numbers read the same way in Arabic, Persian and Dari as in Swedish (issue 11 item 3).

Reads the rendered order of the digits in Chromium: for every occurrence of a phone number on
the contact page (its rich text), in the call-back form's hint and in the footer, the digits'
boxes (Range.getBoundingClientRect, one per character) must run from left to right in the
order they are written. Without isolation, a right-to-left paragraph shows the groups of
"08-123 456 78" as "78 456 123-08".
"""

import pytest

pytestmark = pytest.mark.browser

DIGIT_POSITIONS = """
(needle) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    let start = node.data.indexOf(needle);
    while (start >= 0) {
      const xs = [];
      for (let i = start; i < start + needle.length; i++) {
        if (!/[0-9]/.test(node.data[i])) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width > 0) xs.push(box.left);
      }
      const where = node.parentElement.closest("footer, .field__hint, .page__body, .call-us");
      found.push({xs, where: where ? where.className || where.tagName : "elsewhere"});
      start = node.data.indexOf(needle, start + needle.length);
    }
  }
  return found;
}
"""


def _read(page, url, needle):
    page.goto(url)
    return page.evaluate(DIGIT_POSITIONS, needle)


def _assert_left_to_right(found, url, needle):
    for occurrence in found:
        xs = occurrence["xs"]
        assert len(xs) == sum(c.isdigit() for c in needle), (url, occurrence)
        assert xs == sorted(xs), f"{url}: {needle} reads out of order in {occurrence['where']}"


@pytest.mark.parametrize("language", ["ar", "fa", "prs"])
def test_phone_numbers_read_left_to_right_in_right_to_left_languages(page, site_url, language):
    assert page.goto(f"{site_url}/{language}/").ok
    assert page.evaluate("document.documentElement.dir") == "rtl"

    contact = f"{site_url}/{language}/kontakt/"
    found = _read(page, contact, "08-123 456 78")
    places = {occurrence["where"] for occurrence in found}
    assert "page__body" in places and "site-footer" in places, found  # content and footer
    _assert_left_to_right(found, contact, "08-123 456 78")

    form = f"{site_url}/{language}/kontakt/bli-uppringd/"
    hint = _read(page, form, "070-123 45 67")
    assert any(occurrence["where"] == "field__hint" for occurrence in hint), hint
    _assert_left_to_right(hint, form, "070-123 45 67")
    call_us = _read(page, form, "08-123 456 78")
    assert any(occurrence["where"] == "call-us" for occurrence in call_us), call_us
    _assert_left_to_right(call_us, form, "08-123 456 78")


def test_the_check_fails_without_isolation(page, site_url):
    """The measurement itself: the same number in a bare right-to-left paragraph reads
    reversed, so the test above would notice a missing isolation."""
    page.goto(f"{site_url}/ar/")
    page.evaluate(
        """() => {
          const p = document.createElement("p");
          p.id = "bare"; p.dir = "rtl"; p.textContent = "الهاتف: 08-123 456 78";
          document.body.prepend(p);
        }"""
    )
    found = page.evaluate(DIGIT_POSITIONS, "08-123 456 78")
    bare = [occurrence["xs"] for occurrence in found if occurrence["where"] == "elsewhere"]
    assert bare and bare[0] != sorted(bare[0])
