"""What the recording workspace lists: every text a non-reader needs, in every language, with
the state of its audio. Nothing here knows which texts exist: ``pages/speech.py``'s registry
says it, so a text registered anywhere (a page level, a pictogram, an interface phrase) appears
here without a change.

An item's state, from the best the public hears downwards:

- ``approved``: a person's recording plays on the public site;
- ``out_of_date``: the approved recording reads an older text (it still plays: an approved
  recording is never dropped, but the text wants a new one);
- ``awaiting_review``: a recording waits for a reviewer (the public hears the synthetic voice or
  nothing until it is approved);
- ``synthetic``: only the speech synthesiser's voice;
- ``missing``: nothing at all.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from etablering.languages import BY_CODE, LANGUAGES
from pages import speech
from pages.media import MediaFile
from pages.translations import locale_code

from .models import Recording, State

MISSING = "missing"
SYNTHETIC = "synthetic"
APPROVED = "approved"
AWAITING_REVIEW = "awaiting_review"
OUT_OF_DATE = "out_of_date"
SENT_BACK = "sent_back"

ITEM_STATES = {
    MISSING: _("Missing"),
    SYNTHETIC: _("Synthetic voice"),
    AWAITING_REVIEW: State.AWAITING_REVIEW.label,
    SENT_BACK: State.SENT_BACK.label,
    OUT_OF_DATE: State.OUT_OF_DATE.label,
    APPROVED: State.APPROVED.label,
}
HEARD = (SYNTHETIC, APPROVED, OUT_OF_DATE)  # the public hears something
RECORDED = (APPROVED, OUT_OF_DATE)  # the public hears a person


# Who may do what ---------------------------------------------------------------------------------

RECORD = "record"
REVIEW = "review"


def languages_for(user, role: str) -> list[str]:
    """The language codes ``user`` may record in (``RECORD``) or review (``REVIEW``)."""
    if not user.is_active or not user.is_authenticated:
        return []
    if user.is_superuser:
        return [language.code for language in LANGUAGES]
    return [
        language.code
        for language in LANGUAGES
        if user.has_perm(f"recordings.{role}_{language.code}")
    ]


def visible_languages(user) -> list[str]:
    allowed = set(languages_for(user, RECORD)) | set(languages_for(user, REVIEW))
    return [language.code for language in LANGUAGES if language.code in allowed]


def may_use_workspace(user) -> bool:
    return bool(visible_languages(user))


# Items -------------------------------------------------------------------------------------------


def kind_key(registration) -> str:
    return f"{registration.model._meta.label_lower}.{registration.name}"


def kind_label(registration) -> str:
    """E.g. "Page – recording (easy to read)", "Pictogram – audio clip"."""
    model = registration.model
    owner = Page if issubclass(model, Page) else model
    try:
        what = model._meta.get_field(registration.field).verbose_name
    except Exception:  # noqa: BLE001 - a registration of something else than a model field
        what = registration.name
    return f"{capfirst(owner._meta.verbose_name)} – {what}"


@dataclass
class Item:
    registration: speech.Registration
    instance: object
    language: str
    content_type_id: int
    clip: MediaFile | None = None
    recordings: list = field(default_factory=list)  # newest first
    state: str = MISSING

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.content_type_id, self.instance.pk, self.registration.name)

    @property
    def kind(self) -> str:
        return kind_key(self.registration)

    @property
    def kind_label(self) -> str:
        return kind_label(self.registration)

    @property
    def title(self) -> str:
        return str(self.instance)

    @property
    def state_label(self):
        return ITEM_STATES[self.state]

    @property
    def language_info(self):
        return BY_CODE[self.language]

    def text(self) -> str:
        return (self.registration.text(self.instance) or "").strip()

    @property
    def pending(self):
        return [r for r in self.recordings if r.state == State.AWAITING_REVIEW]


def _belongs_elsewhere(instance, language: str) -> bool:
    """A text spoken in another language than its object's (the SFI level of a translation is
    the Swedish page's text): it is recorded once, on the object in that language."""
    locale_id = getattr(instance, "locale_id", None)
    return locale_id is not None and locale_code(locale_id) != language


def _usable(clip, language) -> bool:
    return clip is not None and clip.language in ("", language) and clip.file_exists()


def collect(languages=None) -> list[Item]:
    """Every voice item (in ``languages``, or all), with its current clip, its recordings and
    its state. A few queries whatever the number of items."""
    wanted = set(languages) if languages is not None else None
    items = []
    by_model = {}
    for registration in speech.registrations():
        if registration.model not in by_model:
            by_model[registration.model] = list(speech.instances(registration))
        for instance in by_model[registration.model]:
            language = registration.language(instance)
            if wanted is not None and language not in wanted:
                continue
            if _belongs_elsewhere(instance, language):
                continue
            if not (registration.text(instance) or "").strip():
                continue  # nothing to read (e.g. a page without an easy-to-read level)
            items.append(
                Item(
                    registration,
                    instance,
                    language,
                    ContentType.objects.get_for_model(instance).pk,
                )
            )
    _attach(items)
    return items


def _attach(items: list[Item]) -> None:
    clip_ids = {getattr(i.instance, f"{i.registration.field}_id") for i in items} - {None}
    clips = MediaFile.objects.in_bulk(clip_ids)
    recordings = defaultdict(list)
    if items:
        for recording in Recording.objects.filter(
            content_type_id__in={i.content_type_id for i in items},
            object_id__in={i.instance.pk for i in items},
        ):
            recordings[recording.item_key].append(recording)
    for item in items:
        item.clip = clips.get(getattr(item.instance, f"{item.registration.field}_id"))
        item.recordings = recordings.get(item.key, [])
        item.state = _state(item)


def _state(item: Item) -> str:
    """The item's state (a new recording awaiting review of an item already approved leaves it
    approved: the filter for reviewers looks at ``Item.pending`` too)."""
    clip = item.clip if _usable(item.clip, item.language) else None
    if clip is not None and not clip.synthetic:
        approved = next((r for r in item.recordings if r.clip_id == clip.pk), None)
        if approved is not None and approved.text_hash != speech.text_hash(item.text()):
            return OUT_OF_DATE
        return APPROVED
    if item.pending:
        return AWAITING_REVIEW
    latest = item.recordings[0] if item.recordings else None
    if latest is not None and latest.state in (State.SENT_BACK, State.OUT_OF_DATE):
        return SENT_BACK if latest.state == State.SENT_BACK else OUT_OF_DATE
    if clip is not None:
        return SYNTHETIC
    return MISSING


def matches(item: Item, state: str | None, kind: str | None) -> bool:
    if kind and item.kind != kind:
        return False
    if state == AWAITING_REVIEW:
        return bool(item.pending)
    return not state or item.state == state


def find(content_type_id: int, object_id: int, name: str) -> Item | None:
    """One item, or None when there is no such object, registration or live page."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        return None
    model = content_type.model_class()
    if model is None:
        return None
    instance = model._default_manager.filter(pk=object_id).first()
    if instance is None:
        return None
    if isinstance(instance, Page):
        instance = instance.specific
        if not instance.live:
            return None
    registration = next((r for r in speech.registrations_for(instance) if r.name == name), None)
    if registration is None:
        return None
    language = registration.language(instance)
    if _belongs_elsewhere(instance, language):
        return None
    item = Item(registration, instance, language, content_type_id)
    _attach([item])
    return item


def same_text_elsewhere(item: Item, digest: str) -> list:
    """The other objects that read the same text in the same language through the same
    registration (the SFI level of every translation of a page): they get the same clip."""
    translations = getattr(item.instance, "get_translations", None)
    if translations is None:
        return []
    found = []
    for other in translations():
        other = other.specific if isinstance(other, Page) else other
        if not isinstance(other, item.registration.model):
            continue
        if item.registration.language(other) != item.language:
            continue
        if speech.text_hash((item.registration.text(other) or "").strip()) == digest:
            found.append(other)
    return found


# Coverage ----------------------------------------------------------------------------------------


@dataclass
class Coverage:
    language: object
    total: int
    counts: Counter

    def percent(self, states) -> int:
        if not self.total:
            return 0
        return round(100 * sum(self.counts[s] for s in states) / self.total)

    @property
    def recorded_percent(self) -> int:
        return self.percent(RECORDED)

    @property
    def heard_percent(self) -> int:
        return self.percent(HEARD)


def coverage(items: list[Item], languages) -> list[Coverage]:
    """Per language: how many items, how many in each state."""
    counts = {code: Counter() for code in languages}
    for item in items:
        if item.language in counts:
            counts[item.language][item.state] += 1
    return [
        Coverage(BY_CODE[code], sum(counter.values()), counter) for code, counter in counts.items()
    ]


def matrix(items: list[Item], languages) -> list[dict]:
    """Kinds × languages: per cell the share of items a person has recorded, and the share the
    public can hear at all."""
    cells = defaultdict(Counter)
    labels = {}
    for item in items:
        labels.setdefault(item.kind, item.kind_label)
        cells[(item.kind, item.language)]["total"] += 1
        if item.state in RECORDED:
            cells[(item.kind, item.language)]["recorded"] += 1
        if item.state in HEARD:
            cells[(item.kind, item.language)]["heard"] += 1
    rows = []
    for kind, label in labels.items():
        row = {"kind": kind, "label": label, "cells": []}
        for code in languages:
            cell = cells.get((kind, code), Counter())
            total = cell["total"]
            row["cells"].append(
                {
                    "language": BY_CODE[code],
                    "total": total,
                    "recorded": round(100 * cell["recorded"] / total) if total else None,
                    "heard": round(100 * cell["heard"] / total) if total else None,
                }
            )
        rows.append(row)
    return rows
