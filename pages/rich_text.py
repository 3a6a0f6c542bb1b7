"""Links to pages inside rich text, in the language being read, without a query per link.

Wagtail's own handler loads every linked page (and its specific type) each time a text is
rendered, and ``page.localized`` costs another query per link in a translated text. This handler
links to the page's version in the language being rendered (the Swedish page under that
language's prefix where no translation exists, as everywhere on the site): one query for all the
links of a text, remembered with the other content facts until the content changes
(``localized_links_by_id``, etablering/content_memo.py).
"""

from django.utils import translation
from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from etablering.languages import SOURCE_LANGUAGE

from .levels import keep_level
from .translations import localized_links_by_id


class LocalizedPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        language_code = translation.get_language() or SOURCE_LANGUAGE
        ids = [str(attrs.get("id", "")) for attrs in attrs_list]
        links = localized_links_by_id({i for i in ids if i.isdigit()}, language_code)
        urls = {str(pk): keep_level(link.url, link.page) for pk, link in links.items() if link.url}
        return [
            f'<a href="{escape(urls[page_id])}">' if page_id in urls else "<a>" for page_id in ids
        ]
