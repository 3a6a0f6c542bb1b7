"""Keeping caches true: forget cached site chrome, cached pages and what the content memory
remembers (etablering/content_memo.py) whenever what they show may have changed (a page
published, unpublished, moved or deleted; a snippet, site or locale saved or deleted; an image,
document or media file that a page or snippet uses saved or deleted), and purge a CDN in front
of the site (frontend_cache.py).

Nothing else moves the content generation: not the task worker's bookkeeping, log entries,
sessions, cases, renditions, nor a file no public page or snippet uses yet (a clip just made by
the worker, an upload not yet chosen). Each move empties every cached page, so a move for a
change nobody can see costs every visitor a slow page for nothing."""

from functools import cache

from django.db.models.signals import post_delete, post_save, pre_delete
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


@cache
def file_models() -> frozenset:
    """The library models among them: their rows show only where a page or snippet uses them."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtailmedia.models import get_media_model

    return frozenset({get_image_model(), get_document_model(), get_media_model()})


@cache
def _public_relations(model) -> tuple:
    """(model, field name) of every foreign key from a page or snippet to `model`."""
    from wagtail.snippets.models import get_snippet_models

    public = (Page, *get_snippet_models())
    return tuple(
        (relation.related_model, relation.field.name)
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
        and issubclass(relation.related_model, public)
    )


def may_show(instance) -> bool:
    """Whether a library row (image, document, audio or video file) is used by something public:
    a foreign key from a page or snippet (speech links clips by a plain update, which the
    reference index does not see), or a use Wagtail's reference index knows (rich text,
    StreamField blocks, inline children)."""
    from wagtail.models import ReferenceIndex

    for model, field in _public_relations(type(instance)):
        if model._default_manager.filter(**{field: instance.pk}).exists():
            return True
    return ReferenceIndex.get_references_to(instance).exists()


def forget_when_shown_content_changes(sender, instance=None, created=False, **kwargs):
    """A saved snippet, site or locale always; a library file only once something public uses
    it. A new clip the worker made, a file uploaded and not yet chosen, cannot show anywhere:
    the cached pages stay (the link that makes it show moves the generation itself)."""
    if sender not in shown_models():
        return
    if sender in file_models() and (created or not may_show(instance)):
        return
    forget_cached_content()


def forget_when_a_used_file_is_deleted(sender, instance=None, **kwargs):
    """Before the delete: afterwards the references to it are gone (set to null)."""
    if sender in file_models() and may_show(instance):
        forget_cached_content()


def forget_when_shown_content_is_deleted(sender, **kwargs):
    if sender in shown_models() and sender not in file_models():
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
    post_delete.connect(forget_when_shown_content_is_deleted, dispatch_uid="content-shown-deleted")
    pre_delete.connect(forget_when_a_used_file_is_deleted, dispatch_uid="content-file-deleted")
