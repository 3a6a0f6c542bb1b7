"""Synthetic speech: espeak-ng reads a text aloud where no person has recorded it.

A small registry says which texts have a clip, where the clip is kept and in which language it is
spoken. One line adds a pair::

    speech.register(Pictogram, text=lambda p: p.meaning, field="audio",
                    language=lambda p: p.locale.language_code)

What happens for each registered pair (``ensure_clip``):

- a human recording in the field (``synthetic=False``) in the right language is never touched;
- languages without an espeak-ng voice (so, prs) get no synthetic clip, ever;
- otherwise the clip is keyed by the sha256 of the exact text read: the same text in the same
  language reuses the clip that exists, a changed text gets a new one. A second run makes nothing.

Every clip goes through the site's one audio pipeline (``pages.audio_processing``): espeak-ng's
WAV is trimmed, normalised to -16 LUFS and kept as Opus with an MP3 fallback, like a recording.

Pages are queued when they are published (Wagtail's ``page_published``), other models when they
are saved; the work runs in the django-tasks worker, after the transaction commits.
"""

import hashlib
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.models import Page

from etablering.background.lanes import ahead
from etablering.languages import BY_CODE as LANGUAGES_BY_CODE

from . import audio_processing, espeak

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 120
MAX_TEXT_CHARACTERS = 20_000  # about 20 minutes of speech; longer texts are cut at a sentence
SPEED_WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175: easier to follow
# espeak-ng 1.52 voices by site language (espeakng-loader's data, pages/espeak.py). Norwegian
# Bokmål is "nb". Somali and Dari have none (1.52 has neither; Persian is not Dari to a listener).
VOICES = {
    "sv": "sv",
    "en": "en",
    "ar": "ar",
    "fa": "fa",
    "ti": "ti",
    "uk": "uk",
    "da": "da",
    "nb": "nb",
    "pl": "pl",
}
SYNTHETIC_TITLE = "Syntetiskt tal"


class SpeechUnavailable(Exception):
    """espeak-ng or ffmpeg is missing, timed out or failed."""


@dataclass(frozen=True)
class Registration:
    model: type
    field: str  # a ForeignKey to pages.MediaFile
    text: Callable  # instance -> the exact text read aloud ("" for none)
    language: Callable  # instance -> language code
    name: str  # what the clip reads, for titles and logs, e.g. "standard"
    # instance -> the espeak-ng voice that reads it, where not the language's own (a language's
    # spoken name, which a neighbouring language's voice can say); None: the language's voice
    voice: Callable | None = None


_REGISTRY: list[Registration] = []


def register(model, *, text, field, language, name=None, voice=None):
    """Give instances of ``model`` a synthetic clip of ``text(instance)`` in ``field``.

    Page models are queued on publication; other models when saved. ``voice(instance)`` names
    the voice where it is not the language's own (see ``Registration.voice``).
    """
    registration = Registration(model, field, text, language, name or field, voice)
    if registration not in _REGISTRY:
        _REGISTRY.append(registration)
    if not issubclass(model, Page):
        post_save.connect(
            _queue_after_save, sender=model, dispatch_uid=f"speech-{model._meta.label}"
        )
    return registration


def registrations_for(instance) -> list[Registration]:
    return [r for r in _REGISTRY if isinstance(instance, r.model)]


def registered_models() -> list[type]:
    return list(dict.fromkeys(r.model for r in _REGISTRY))


def registrations() -> list[Registration]:
    """Every registered text, in the order registered (the recording workspace lists them)."""
    return list(_REGISTRY)


def instances(registration: Registration):
    """The objects whose text a registration reads: live pages (of every page type the model
    covers, as their specific class), or every row of another model."""
    model = registration.model
    if issubclass(model, Page):
        return Page.objects.live().type(model).specific().order_by("path")
    return model._default_manager.order_by("pk")


def link_clip(instance, registration: Registration, clip) -> None:
    """Put ``clip`` (e.g. an approved human recording) in the registered field: the public pages
    play it at once (cached pages are forgotten), and the synthesiser never replaces it."""
    _link(instance, registration.field, clip)


# The synthesiser --------------------------------------------------------------------------------


def voice_for(language_code: str) -> str | None:
    language = LANGUAGES_BY_CODE.get(language_code)
    if language is None or not language.has_speech_voice:
        return None
    return VOICES.get(language_code)


def missing_programs() -> list[str]:
    """What synthetic speech needs and this machine lacks: espeakng-loader (Python package),
    ffmpeg and ffprobe (Debian)."""
    missing = [] if espeak.available() else ["espeakng-loader"]
    return missing + audio_processing.missing_programs()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _limit(text: str) -> str:
    if len(text) <= MAX_TEXT_CHARACTERS:
        return text
    cut = text[:MAX_TEXT_CHARACTERS]
    end = max(cut.rfind(". "), cut.rfind("\n"))
    return cut[: end + 1] if end > 0 else cut


def synthesise(
    text: str, language_code: str, voice: str | None = None
) -> audio_processing.ProcessedAudio:
    """``text`` read by espeak-ng, processed like every clip: trimmed, -16 LUFS, Opus and MP3.

    espeak-ng 1.52 (pages/espeak.py, in a child process with a timeout; the text in a file, no
    shell) writes a WAV file; ``audio_processing.process_audio`` makes the clip (no size or length
    limit: the site's own speech of a long page). ``voice`` overrides the language's own voice
    (only for a language's spoken name, which a neighbouring language's voice can say where the
    language itself has none).
    """
    voice = voice or voice_for(language_code)
    if voice is None:
        raise SpeechUnavailable(f"no speech voice for {language_code}")
    missing = missing_programs()
    if missing:
        raise SpeechUnavailable(f"not installed: {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="speech-") as workdir:
        text_path = Path(workdir) / "text.txt"
        wav_path = Path(workdir) / "speech.wav"
        text_path.write_text(_limit(text), encoding="utf-8")
        _run(
            [
                sys.executable,
                espeak.__file__,
                voice,
                str(SPEED_WORDS_PER_MINUTE),
                str(text_path),
                str(wav_path),
            ]
        )
        try:
            return audio_processing.process_audio(wav_path, limited=False)
        except audio_processing.AudioRejected as error:  # silent or empty: nothing was said
            raise SpeechUnavailable(f"the synthesiser made no usable sound: {error}") from None
        except audio_processing.AudioUnavailable as error:
            raise SpeechUnavailable(str(error)) from None


def _run(arguments: list[str]) -> str:
    try:
        completed = subprocess.run(  # noqa: S603 (fixed programs, no shell, text in a file)
            arguments,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SpeechUnavailable(f"espeak-ng: {type(error).__name__}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()[:200]
        raise SpeechUnavailable(f"espeak-ng exited with {completed.returncode}: {message}")
    return completed.stdout.decode("utf-8", "replace")


# Keeping clips in step with their text ----------------------------------------------------------


def _clip_usable(clip, language_code: str) -> bool:
    return clip is not None and clip.language in ("", language_code) and clip.file_exists()


def _synthetic_clip(text: str, language_code: str, digest: str, label: str, voice=None):
    """The synthetic clip of this text in this language: the one that exists, or a new one.

    Two workers may make the same clip at once: the unique (language, text_hash) constraint lets
    one row win; the other worker's file is dropped and the winner's row used.
    """
    from .media import MediaFile

    same_text = MediaFile.objects.filter(synthetic=True, language=language_code, text_hash=digest)
    clip = same_text.first()
    if clip is not None and clip.file_exists():
        return clip, False
    processed = synthesise(text, language_code, voice)
    basename = f"speech-{language_code}-{digest[:16]}"
    if clip is not None:  # its file went missing: make it again
        clip.store_processed(processed, basename)
        return clip, True
    clip = MediaFile(
        title=f"{SYNTHETIC_TITLE} ({language_code}): {label}"[:255],
        type="audio",
        language=language_code,
        synthetic=True,
        text_hash=digest,
        transcript="",
    )
    try:
        with transaction.atomic():
            clip.store_processed(processed, basename)
    except IntegrityError:
        for field in (clip.file, clip.mp3_file):
            if field:
                field.delete(save=False)
        return same_text.get(), False
    return clip, True


def _link(instance, field: str, clip) -> None:
    """Point the instance's clip field at ``clip`` without a save (no signals, no new revision).

    A page's latest revision gets the same value when it still held the old one, so the editor
    sees the clip and the next publication keeps it.
    """
    model = type(instance)
    old_id = getattr(instance, f"{field}_id")
    new_id = clip.pk if clip is not None else None
    if old_id == new_id:
        return
    model._default_manager.filter(pk=instance.pk).update(**{field: clip})
    setattr(instance, field, clip)
    _forget_cached_pages(instance)
    revision = getattr(instance, "latest_revision", None) if isinstance(instance, Page) else None
    if revision is not None and revision.content.get(field) in (None, old_id):
        revision.content[field] = new_id
        revision.save(update_fields=["content"])


def _forget_cached_pages(instance) -> None:
    """The play control appears or goes: cached pages (and a CDN's copy of this page) must go,
    within a few seconds (the worker links clip after clip: the pages are dropped once for all of
    them, page_cache.forget_all_pages_soon). A page that is not live shows nothing yet."""
    from etablering.page_cache import forget_all_pages_soon

    from .frontend_cache import purge_after_commit
    from .templatetags.site_tags import forget_site_chrome

    if isinstance(instance, Page) and not instance.live:
        return
    forget_site_chrome()
    forget_all_pages_soon()
    if isinstance(instance, Page):
        purge_after_commit(instance)


def ensure_clip(instance, registration: Registration) -> str:
    """Bring one clip in step with its text. Returns what happened, for reports and tests:
    "recorded", "no-voice", "empty", "unchanged", "linked", "generated" or "failed"."""
    language_code = registration.language(instance)
    current = getattr(instance, registration.field)
    if current is not None and not current.synthetic and _clip_usable(current, language_code):
        return "recorded"
    stale = current is not None and current.synthetic
    voice = registration.voice(instance) if registration.voice else voice_for(language_code)
    if voice is None:
        if stale:
            _link(instance, registration.field, None)
        return "no-voice"
    text = (registration.text(instance) or "").strip()
    if not text:
        if stale:
            _link(instance, registration.field, None)
        return "empty"
    digest = text_hash(text)
    if stale and current.text_hash == digest and _clip_usable(current, language_code):
        return "unchanged"
    try:
        clip, generated = _synthetic_clip(text, language_code, digest, str(instance), voice)
    except SpeechUnavailable as error:
        logger.warning(
            "Synthetic speech for %s %s (%s) failed: %s",
            instance._meta.label,
            instance.pk,
            registration.name,
            error,
        )
        if stale:  # a clip of an older text would not read what the page says
            _link(instance, registration.field, None)
        _log_failure(instance, registration, language_code, str(error))
        return "failed"
    _link(instance, registration.field, clip)
    return "generated" if generated else "linked"


def _log_failure(instance, registration, language_code, reason):
    """An entry in the page's (or snippet's) history, where editors look."""
    from wagtail.log_actions import log

    try:
        log(
            instance=instance,
            action="pages.speech_failed",
            data={"level": registration.name, "language": language_code, "reason": reason},
        )
    except Exception:  # noqa: BLE001 - a model without history: the log line above is enough
        logger.debug("no history for %s", instance._meta.label)


def ensure_clips(instance) -> dict[str, str]:
    return {r.name: ensure_clip(instance, r) for r in registrations_for(instance)}


# Coverage ---------------------------------------------------------------------------------------


def items():
    """Every (registration, instance) that should have a clip: live pages, all other objects."""
    for registration in list(_REGISTRY):
        model = registration.model
        if issubclass(model, Page):
            objects = Page.objects.live().type(model).specific()
        else:
            objects = model._default_manager.all()
        for instance in objects.iterator():
            yield registration, instance


def coverage() -> dict[str, dict[str, int]]:
    """Per language: how many registered texts there are and how many can be heard, by kind:
    {"sv": {"items": 40, "recorded": 2, "synthetic": 38, "none": 0}, ...} for every language."""
    from etablering.languages import LANGUAGES

    table = {
        language.code: {"items": 0, "recorded": 0, "synthetic": 0, "none": 0}
        for language in LANGUAGES
    }
    for registration, instance in items():
        row = table.get(registration.language(instance))
        if row is None:
            continue
        row["items"] += 1
        clip = getattr(instance, registration.field)
        if not _clip_usable(clip, registration.language(instance)):
            row["none"] += 1
        else:
            row["synthetic" if clip.synthetic else "recorded"] += 1
    return table


# Background tasks -------------------------------------------------------------------------------


@task()
def generate_speech(model_label: str, pk: int) -> dict[str, str]:
    """Bring every registered clip of one object in step with its text."""
    from django.apps import apps

    model = apps.get_model(model_label)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        return {}
    if isinstance(instance, Page):
        instance = instance.specific
        if not instance.live:
            return {}
    return ensure_clips(instance)


def queue(instance) -> None:
    """Queue the clips of an object once the current transaction commits."""
    if not registrations_for(instance):
        return
    label, pk = instance._meta.label, instance.pk
    # The chain's home, overview and steps are heard first; the rest of the speech is bulk work
    # (etablering/background/lanes.py).
    first = getattr(instance, "heard_first", False)

    def enqueue():
        try:
            (ahead(generate_speech) if first else generate_speech).enqueue(label, pk)
        except Exception:  # a broken queue must never break publishing
            logger.exception("Could not queue synthetic speech for %s %s", label, pk)

    transaction.on_commit(enqueue)


def _queue_after_published(sender, instance, **kwargs):
    if not settings.SYNTHETIC_SPEECH_ON_PUBLISH:
        return
    queue(instance.specific if isinstance(instance, Page) else instance)


def _queue_after_save(sender, instance, raw=False, **kwargs):
    if not raw and settings.SYNTHETIC_SPEECH_ON_PUBLISH:
        queue(instance)


def connect():
    from wagtail.signals import page_published

    page_published.connect(_queue_after_published, dispatch_uid="speech-page-published")
