"""Demo content of the pictures app, loaded by pages.demo.loader.DemoLoader (``make demo``).

- the OpenMoji starter set (``openmoji/``, CC BY-SA 4.0) into the pictogram library, with its
  meaning in every language (``pictograms.toml``);
- the pictogram and short line of every chain step (``steps.toml``), merged into the step pages
  as they are made, so translations carry them the way editors' translations do;
- the glossary, 26 terms with a plain explanation in every language (``glossary.toml``);
- the spoken names of the languages for the pictures mode's chooser (synthetic speech, a
  neighbouring language's voice where a language has none: pictures/models.py).

Idempotent like the rest of the demo: what exists is never touched.
"""

import logging
import tomllib
import uuid
from pathlib import Path

from django.core.files import File
from wagtail.images import get_image_model
from wagtail.models import Locale

from etablering.languages import LANGUAGES, SOURCE_LANGUAGE
from etablering.wagtail_internals import read_image_file_metadata

DEMO_DIR = Path(__file__).resolve().parent
OPENMOJI_DIR = DEMO_DIR / "openmoji"
NAMESPACE = uuid.UUID("0c6b8a3e-4f55-4a59-9f43-5d1b7f0a2c71")
log = logging.getLogger(__name__)


def _load(name: str) -> dict:
    with (DEMO_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


PICTOGRAMS = _load("pictograms.toml")
STEPS = _load("steps.toml")
GLOSSARY = _load("glossary.toml")


def pictogram_key(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"pictogram:{key}")


def term_key(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{key}")


def step_fields(page_key: str, language_code: str) -> dict:
    """The pictures-mode fields of a chain step in one language ({} for other pages)."""
    step = STEPS.get(page_key)
    if step is None:
        return {}
    fields = {"pictures_line": step["line"][language_code]}
    if language_code == SOURCE_LANGUAGE:
        from ..models import Pictogram

        fields["pictogram"] = Pictogram.objects.filter(
            translation_key=pictogram_key(step["pictogram"]), locale__language_code="sv"
        ).first()
    return fields


def _translate(model, key, source, language_codes, values_for, created):
    existing = set(
        model.objects.filter(translation_key=key).values_list("locale__language_code", flat=True)
    )
    for code in language_codes:
        if code in existing:
            continue
        copy = source.copy_for_translation(Locale.objects.get(language_code=code))
        for name, value in values_for(code).items():
            setattr(copy, name, value)
        copy.save()
        created.append(f"{code}: {model._meta.verbose_name} {copy}")


def load_pictograms(created: list[str]) -> None:
    from ..models import OPENMOJI_ATTRIBUTION, Pictogram

    image_model = get_image_model()
    sv = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    codes = [language.code for language in LANGUAGES if language.code != SOURCE_LANGUAGE]
    for key, data in PICTOGRAMS.items():
        source = Pictogram.objects.filter(translation_key=pictogram_key(key), locale=sv).first()
        if source is None:
            path = OPENMOJI_DIR / f"{data['hexcode']}.svg"
            with path.open("rb") as handle:
                image = image_model(title=f"OpenMoji {data['hexcode']} ({key})")
                image.file = File(handle, name=path.name)
                read_image_file_metadata(image)
                image.save()
            source = Pictogram.objects.create(
                locale=sv,
                translation_key=pictogram_key(key),
                meaning=data["meaning"][SOURCE_LANGUAGE],
                image=image,
                attribution=OPENMOJI_ATTRIBUTION,
            )
            created.append(f"sv: pictogram {source}")
        _translate(
            Pictogram,
            pictogram_key(key),
            source,
            codes,
            lambda code, data=data: {"meaning": data["meaning"][code]},
            created,
        )


def load_glossary(created: list[str]) -> None:
    from ..models import GlossaryTerm, Pictogram

    sv = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    codes = [language.code for language in LANGUAGES if language.code != SOURCE_LANGUAGE]
    for key, data in GLOSSARY.items():
        source = GlossaryTerm.objects.filter(translation_key=term_key(key), locale=sv).first()
        if source is None:
            source = GlossaryTerm.objects.create(
                locale=sv,
                translation_key=term_key(key),
                slug=key,
                term=data["term"][SOURCE_LANGUAGE],
                other_forms=data.get("forms", ""),
                explanation=data["explanation"][SOURCE_LANGUAGE],
                pictogram=Pictogram.objects.filter(
                    translation_key=pictogram_key(data["pictogram"]), locale=sv
                ).first(),
            )
            created.append(f"sv: glossary term {source}")
        _translate(
            GlossaryTerm,
            term_key(key),
            source,
            codes,
            lambda code, data=data: {
                "term": data["term"][code],
                "other_forms": "",
                "explanation": data["explanation"][code],
            },
            created,
        )


def load_language_names(created: list[str]) -> None:
    """Every language's spoken name, made here rather than by the worker so that the chooser
    speaks at once (the speech registry's own path: pictures/apps.py)."""
    from pages import speech

    from ..models import LanguageNameClip

    LanguageNameClip.ensure_rows()
    for row in LanguageNameClip.objects.filter(audio__isnull=True):
        results = speech.ensure_clips(row)
        if "generated" in results.values() or "linked" in results.values():
            created.append(f"{row.language}: spoken language name")
        else:
            created.append(f"{row.language}: spoken language name skipped ({results})")


def load_before_pages(created: list[str]) -> None:
    load_pictograms(created)


def load_after_pages(created: list[str]) -> None:
    load_glossary(created)
    load_language_names(created)
