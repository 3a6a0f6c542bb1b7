"""Cached pictogram and glossary lookups are dropped whenever an editor changes one, or a clip in
the media library changes (the lookups hold the clips' addresses); an SVG image is stored as
rebuilt from the allow-list, whichever way it arrives."""

import os

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model

from etablering.wagtail_internals import file_is_stored, refresh_file_hash
from pages.media import MediaFile

from .models import GlossaryTerm, Pictogram
from .svg import is_svg_name, sanitise_svg

GLOSSARY_VERSION_KEY = "pictures:glossary-version"


@receiver(post_save, sender=GlossaryTerm)
@receiver(post_delete, sender=GlossaryTerm)
@receiver(post_save, sender=Pictogram)
@receiver(post_delete, sender=Pictogram)
@receiver(post_save, sender=MediaFile)  # a clip re-encoded or replaced: its addresses change
@receiver(post_delete, sender=MediaFile)
def glossary_changed(**kwargs):
    try:
        cache.incr(GLOSSARY_VERSION_KEY)
    except ValueError:
        cache.set(GLOSSARY_VERSION_KEY, 2, timeout=None)


@receiver(pre_save, sender=get_image_model(), dispatch_uid="pictures.store_svg_rebuilt")
def store_svg_rebuilt(sender, instance, raw=False, **kwargs):
    """The upload forms already store the rebuilt SVG; this covers the other ways in (Wagtail's
    multiple upload when another field needs filling in first, code, the demo loader)."""
    name = instance.file.name if instance.file else ""
    if raw or not is_svg_name(name):
        return
    if instance.pk and sender.objects.filter(pk=instance.pk, file=name).exists():
        return  # the same file as before: checked when it came
    committed = file_is_stored(instance.file)
    try:
        if committed:
            with instance.file.storage.open(name, "rb") as handle:
                content = handle.read()
        else:  # an upload not yet written: read it, leave it open for the save
            upload = instance.file.file
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
        rebuilt = sanitise_svg(content)
    except (OSError, ValidationError):
        return  # unreadable or unsafe: the forms refuse it, and so does a pictogram using it
    if rebuilt == content:
        return
    if committed:
        instance.file.storage.delete(name)
    # Saving an image file resets width and height from what Pillow reads, which is nothing for
    # an SVG: keep what Wagtail or the loader measured (the drawing's size does not change).
    width, height = getattr(instance, "width", None), getattr(instance, "height", None)
    instance.file.save(os.path.basename(name), ContentFile(rebuilt), save=False)
    instance.width, instance.height = width, height
    instance.file_size = len(rebuilt)
    refresh_file_hash(instance)
