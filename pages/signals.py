"""Keeping caches true: forget cached site chrome, cached pages and what the content memory
remembers (etablering/content_memo.py) whenever what they show may have changed (a page
published, unpublished, moved or deleted; a snippet, site, locale, image, document or media file
saved or deleted), and purge a CDN in front of the site (frontend_cache.py)."""

from functools import cache

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


@cache
def shown_models() -> frozenset:
    """Models, other than pages, whose rows public pages show or are found by: the snippets, the
    sites and locales, and the images, documents, audio and video pages link to."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Site
    from wagtail.snippets.models import get_snippet_models
    from wagtailmedia.models import get_media_model

    return frozenset(
        {
            *get_snippet_models(),
            Site,
            Locale,
            get_image_model(),
            get_document_model(),
            get_media_model(),
        }
    )


def forget_when_shown_content_changes(sender, **kwargs):
    if sender in shown_models():
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
    post_save.connect(forget_when_shown_content_changes, dispatch_uid="content-shown-saved")
    post_delete.connect(forget_when_shown_content_changes, dispatch_uid="content-shown-deleted")
