"""Cached pictogram and glossary lookups are dropped whenever an editor changes one, or a clip in
the media library changes (the lookups hold the clips' addresses)."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pages.media import MediaFile

from .models import GlossaryTerm, Pictogram

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
