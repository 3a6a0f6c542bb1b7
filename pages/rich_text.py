"""Links to pages inside rich text, in the language being read, without a query per link.

Wagtail's own handler loads every linked page (and its specific type) each time a text is
rendered, and ``page.localized`` costs another query per link in a translated text. This handler
links to the page's version in the language being rendered (the Swedish page under that
language's prefix where no translation exists, as everywhere on the site) and keeps each
(language, page) URL in the cache under the page cache's generation, so any publish, unpublish
or move forgets them all.
"""

from django.core.cache import cache
from django.utils import translation
from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from etablering.content_memo import current_generation
from etablering.languages import SOURCE_LANGUAGE
from etablering.page_cache import generation

from .translations import localized_links_by_id

TIMEOUT = 3600


class LocalizedPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        language_code = translation.get_language() or SOURCE_LANGUAGE
        ids = [str(attrs.get("id", "")) for attrs in attrs_list]
        prefix = f"richtext-link:{current_generation() or generation()}:{language_code}:"
        urls = cache.get_many([prefix + page_id for page_id in ids])
        missing = {page_id for page_id in ids if prefix + page_id not in urls and page_id.isdigit()}
        if missing:
            links = localized_links_by_id(missing, language_code)
            found = {prefix + str(pk): link.url for pk, link in links.items() if link.url}
            cache.set_many(found, TIMEOUT)
            urls.update(found)
        return [
            f'<a href="{escape(urls[prefix + page_id])}">' if prefix + page_id in urls else "<a>"
            for page_id in ids
        ]
