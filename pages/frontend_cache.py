"""Purging a CDN in front of the site when pages change, as a background task.

Wagtail's frontend-cache app purges synchronously inside the editor's publish request; here the
same backends (``settings.WAGTAILFRONTENDCACHE``: an HTTP PURGE endpoint such as Varnish or
nginx, or Cloudflare) are called from a django-tasks task once the change is committed, so a slow
or failing CDN never slows or breaks publishing. What is purged for a changed page: every level of
the page, the Swedish page under the prefix of each language without a translation (where it is
shown as a fallback), and the page's parent (listings and the chain overview show their
children); for a move, those of the old address too. Other pages expire by their
``s-maxage`` (PAGE_CACHE_SECONDS).
"""

import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page

from .levels import LEVELS
from .translations import language_links, with_level

logger = logging.getLogger(__name__)


def urls_to_purge(page) -> set[str]:
    site = page.get_site()
    if site is None:
        return set()
    batch = PurgeBatch()
    batch.add_page(page)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        batch.add_page(parent)
    urls = set(batch.urls)
    for link in language_links(page, None, LEVELS[0].code):
        if not link.translated:
            urls.update(site.root_url + with_level(link.url, level.code) for level in LEVELS)
    return urls


@task()
def purge_frontend_cache(page_ids: list[int], urls: list[str] = ()) -> int:
    """Purge the changed pages' URLs (and any URLs given) from the CDN; returns how many."""
    urls = set(urls)
    for page in Page.objects.filter(pk__in=page_ids).specific():
        urls |= urls_to_purge(page)
    if urls:
        PurgeBatch(urls).purge()
        logger.info("Purged %d URLs from the frontend cache", len(urls))
    return len(urls)


def purge_after_commit(instance, **kwargs):
    """Signal receiver for page_published, page_unpublished and post_page_move."""
    if settings.WAGTAILFRONTENDCACHE:
        page_id = instance.pk
        transaction.on_commit(lambda: purge_frontend_cache.enqueue([page_id]))


def purge_old_addresses_after_commit(instance, **kwargs):
    """Signal receiver for pre_page_move: the addresses the page is about to leave."""
    if settings.WAGTAILFRONTENDCACHE:
        old_urls = sorted(urls_to_purge(instance.specific))
        transaction.on_commit(lambda: purge_frontend_cache.enqueue([], old_urls))
