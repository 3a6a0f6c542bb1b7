"""Cached pictogram and glossary lookups are dropped whenever an editor changes one."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import GlossaryTerm, Pictogram

GLOSSARY_VERSION_KEY = "pictures:glossary-version"


@receiver(post_save, sender=GlossaryTerm)
@receiver(post_delete, sender=GlossaryTerm)
@receiver(post_save, sender=Pictogram)
@receiver(post_delete, sender=Pictogram)
def glossary_changed(**kwargs):
    try:
        cache.incr(GLOSSARY_VERSION_KEY)
    except ValueError:
        cache.set(GLOSSARY_VERSION_KEY, 2, timeout=None)
