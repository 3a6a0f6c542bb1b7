"""The private storage (``STORAGES["private"]``): files that no URL may reach except a view that
checks who asks, such as Wagtail's document serve view.

In development and tests it is a folder outside ``MEDIA_ROOT`` (``PRIVATE_MEDIA_ROOT``), which
the media URLs never serve; in production a private S3 bucket or prefix (settings/production.py).
Model fields use ``storage=private_storage``: the storage is looked up on every use, so a test
that changes ``STORAGES`` or ``PRIVATE_MEDIA_ROOT`` gets its own.
"""

from pathlib import Path

from django.core import checks
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject

from .wagtail_internals import reset_lazy_object

ALIAS = "private"


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[ALIAS]


_private = PrivateStorage()


def private_storage():
    """For ``FileField(storage=private_storage)``."""
    return _private


def _reset(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT", "MEDIA_ROOT"):
        reset_lazy_object(_private)


setting_changed.connect(_reset, dispatch_uid="etablering.storage.reset")


def private_root_outside_media(app_configs=None, **kwargs):
    """A private folder under MEDIA_ROOT would be served to anyone by the media URLs."""
    from django.conf import settings

    options = settings.STORAGES.get(ALIAS, {}).get("OPTIONS", {})
    location = options.get("location")
    if ALIAS not in settings.STORAGES:
        return [checks.Error("STORAGES has no 'private' storage.", id="etablering.E010")]
    if location is None or not settings.STORAGES[ALIAS]["BACKEND"].endswith("FileSystemStorage"):
        return []
    private = Path(location).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if private == media or private.is_relative_to(media) or media.is_relative_to(private):
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT (nor contain it): the media "
                "URLs would serve private files.",
                id="etablering.E011",
            )
        ]
    return []


checks.register(private_root_outside_media, checks.Tags.security, deploy=False)
