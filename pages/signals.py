"""Keeping caches true: forget cached site chrome and cached pages whenever what they show may
have changed (a page published, unpublished, moved or deleted; a snippet saved or deleted), and
purge a CDN in front of the site (frontend_cache.py)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from etablering.page_cache import forget_all_pages

from .frontend_cache import purge_after_commit, purge_old_addresses_after_commit


def forget_site_chrome(**kwargs):
    from .templatetags.site_tags import forget_site_chrome as forget

    forget()


def forget_cached_content(**kwargs):
    forget_site_chrome()
    forget_all_pages()


def forget_when_a_snippet_changes(sender, **kwargs):
    from wagtail.snippets.models import get_snippet_models

    if sender in get_snippet_models():
        forget_cached_content()


def forget_when_a_page_is_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        forget_cached_content()


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_cached_content, dispatch_uid=f"content-changed-{id(signal)}")
        signal.connect(purge_after_commit, dispatch_uid=f"frontend-cache-{id(signal)}")
    pre_page_move.connect(purge_old_addresses_after_commit, dispatch_uid="frontend-cache-move")
    post_delete.connect(forget_when_a_page_is_deleted, dispatch_uid="content-page-deleted")
    post_save.connect(forget_when_a_snippet_changes, dispatch_uid="content-snippet-saved")
    post_delete.connect(forget_when_a_snippet_changes, dispatch_uid="content-snippet-deleted")
