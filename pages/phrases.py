"""Spoken interface phrases: the words of the interface a person who cannot read must hear.

A phrase is a key and a gettext text (the msgid the page shows beside it), registered once::

    phrases.register("nav.back", _("Back"))

Each app registers its own when it is ready (the pages core registers the navigation, ``pictures``
the "did you understand" question and answers, ``forms`` the call-back page's prompts, choices,
errors and receipt). Every phrase has one ``SpokenPhrase`` row per site language (``sync_rows``,
run after every ``migrate``), and those rows are registered with the speech registry
(``pages/speech.py``): languages with a voice get synthetic speech through the queue, and the
recording workspace lists every phrase in every language for a person to record.

Templates play a phrase with ``{% spoken "nav.back" %}`` (templatetags/spoken_tags.py): a small
labelled play control with every source of the clip, or nothing where the language has no clip.
The clips of a language are read with one query and remembered until the content changes
(etablering/content_memo.py), so a warm page costs no query per phrase.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from etablering.content_memo import remember
from etablering.languages import LANGUAGES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Phrase:
    key: str
    text: Promise | str  # gettext_lazy: the same msgid the interface shows


_PHRASES: dict[str, Phrase] = {}


def register(key: str, text) -> Phrase:
    """Give the interface text ``text`` a spoken clip in every language, under ``key``."""
    phrase = Phrase(key, text)
    existing = _PHRASES.get(key)
    if existing is not None and str(existing.text) != str(text):
        raise ValueError(f"the phrase key {key!r} is already registered with another text")
    _PHRASES[key] = phrase
    return phrase


def phrases() -> dict[str, Phrase]:
    """Every registered phrase by key, in the order registered."""
    return dict(_PHRASES)


def text(key: str, language: str) -> str:
    """What the phrase says in ``language`` ("" for a key no longer registered)."""
    phrase = _PHRASES.get(key)
    if phrase is None:
        return ""
    with translation.override(language):
        return str(phrase.text)


@dataclass(frozen=True)
class Clip:
    """What a template needs to play a phrase: plain values, safe to remember."""

    key: str
    language: str
    sources: tuple[tuple[str, str], ...]  # (address, type), Opus first, then MP3
    synthetic: bool


def clips(language: str) -> dict[str, Clip]:
    """The playable clips of every phrase in ``language``, by key (one query; in a page request
    remembered until the content changes)."""
    return remember(("spoken-phrases", language), lambda: _read_clips(language))


def _read_clips(language: str) -> dict[str, Clip]:
    from .models import SpokenPhrase

    found = {}
    rows = SpokenPhrase.objects.filter(language=language, audio__isnull=False).select_related(
        "audio"
    )
    for row in rows:
        audio = row.audio
        if audio.type != "audio" or not audio.file_exists():
            continue  # a clip whose file is gone is left out, never a silent player
        sources = tuple(audio.sources)
        if sources:
            found[row.key] = Clip(row.key, language, sources, audio.synthetic)
    return found


def clip(key: str, language: str | None = None) -> Clip | None:
    """The playable clip of a phrase in a language (the active one by default), else None."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return clips(language).get(key)


# The rows ---------------------------------------------------------------------------------------


def sync_rows(queue_speech: bool = True) -> dict[str, int]:
    """One row per registered phrase and site language; rows of keys no longer registered go.

    Rows whose clip is missing or was made from another text are queued for synthetic speech
    (languages without a voice are left to the recording workspace). Returns counts, for logs.
    """
    from . import speech
    from .models import SpokenPhrase

    keys = list(_PHRASES)
    codes = [language.code for language in LANGUAGES]
    have = set(SpokenPhrase.objects.values_list("key", "language"))
    new = [
        SpokenPhrase(key=key, language=code)
        for key in keys
        for code in codes
        if (key, code) not in have
    ]
    SpokenPhrase.objects.bulk_create(new, ignore_conflicts=True)
    gone, _by_model = SpokenPhrase.objects.exclude(key__in=keys).delete()
    queued = 0
    if queue_speech and settings.SYNTHETIC_SPEECH_ON_PUBLISH:
        for row in SpokenPhrase.objects.filter(key__in=keys).select_related("audio"):
            if needs_speech(row):
                speech.queue(row)
                queued += 1
    return {"created": len(new), "deleted": gone, "queued": queued}


def needs_speech(row) -> bool:
    """Whether the synthesiser has work on this row: a language with a voice, and no clip or a
    synthetic clip of another text. A human recording is never replaced."""
    from . import speech

    if speech.voice_for(row.language) is None:
        return False
    audio = row.audio
    if audio is None:
        return True
    return audio.synthetic and audio.text_hash != speech.text_hash(row.text)


def sync_after_migrate(sender, app_config=None, using="default", **kwargs):
    """post_migrate: every deployment (and ``make run``) ends with a row per phrase × language."""
    if app_config is None or app_config.label != "pages":
        return
    try:
        counts = sync_rows()
    except Exception:  # a half-migrated database (e.g. migrating backwards) is left alone
        logger.exception("Spoken phrases: could not create the rows")
        return
    if counts["created"] or counts["deleted"]:
        logger.info("Spoken phrases: %(created)s rows created, %(deleted)s removed", counts)


def forget_cached_phrases(**kwargs):
    """A clip given to a phrase in the admin shows at once (the speech registry's own linking
    already forgets cached content)."""
    from .signals import forget_cached_content

    forget_cached_content()


def register_core_phrases():
    """The pictures mode's navigation, shared by every app (templates reuse these msgids)."""
    from django.utils.translation import gettext_lazy as _

    register("nav.choose_language", _("Choose language"))
    register("nav.pictures_mode", _("The steps in pictures and sound"))
    register("nav.back", _("Back"))
    register("nav.next_step", _("Next step"))
    register("nav.call_me_back", _("Call me back"))


def connect():
    from django.db.models.signals import post_delete, post_migrate, post_save

    from . import speech
    from .models import SpokenPhrase

    register_core_phrases()
    speech.register(
        SpokenPhrase,
        text=lambda row: row.text,
        field="audio",
        language=lambda row: row.language,
        name="phrase",
    )
    post_migrate.connect(sync_after_migrate, dispatch_uid="spoken-phrases-rows")
    post_save.connect(forget_cached_phrases, sender=SpokenPhrase, dispatch_uid="spoken-saved")
    post_delete.connect(forget_cached_phrases, sender=SpokenPhrase, dispatch_uid="spoken-deleted")
