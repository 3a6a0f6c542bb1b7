"""Wagtail asks the database for view restrictions on every page it serves (two queries: the
page's ancestors, then their restrictions), although most sites have none. Whether any
restriction exists at all is kept in the cache (shared by all processes) and forgotten, with
every cached page, when a restriction is saved or deleted; only while one exists does a page
ask Wagtail's own question."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction

from etablering.content_memo import remember
from etablering.page_cache import forget_all_pages

CACHE_KEY = "view-restrictions:any"


def any_view_restriction_exists() -> bool:
    return remember(
        ("any-view-restriction",),
        lambda: cache.get_or_set(CACHE_KEY, PageViewRestriction.objects.exists, timeout=None),
    )


def _forget(**kwargs):
    cache.delete(CACHE_KEY)
    forget_all_pages()  # a cached page may now be restricted, or no longer


def connect():
    post_save.connect(_forget, sender=PageViewRestriction, dispatch_uid="view-restrictions-save")
    post_delete.connect(_forget, sender=PageViewRestriction, dispatch_uid="view-restrictions-del")
