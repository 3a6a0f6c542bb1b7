"""Every language's interface catalog is complete, not fuzzy, and compiled from its .po file."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from etablering.languages import LANGUAGES

LOCALES = Path(settings.LOCALE_PATHS[0])
SOURCE_DIRS = ["etablering", "pages"]


@pytest.fixture(scope="module")
def extracted_msgids(tmp_path_factory):
    """The msgids in the code today, extracted by Django's makemessages into a scratch copy."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install gettext (make test does so where it can).")
    workdir = tmp_path_factory.mktemp("messages")
    for name in SOURCE_DIRS:
        shutil.copytree(
            settings.BASE_DIR / name,
            workdir / name,
            ignore=shutil.ignore_patterns("__pycache__", "demo"),
        )
    (workdir / "locale" / "sv" / "LC_MESSAGES").mkdir(parents=True)
    cwd = Path.cwd()
    try:
        os.chdir(workdir)
        with override_settings(LOCALE_PATHS=[workdir / "locale"]):
            call_command(
                "makemessages", locale=["sv"], no_location=True, verbosity=0, no_obsolete=True
            )
    finally:
        os.chdir(cwd)
    catalog = polib.pofile(str(workdir / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt, entry.msgid) for entry in catalog}


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_catalog_has_every_msgid_translated(code, extracted_msgids):
    catalog = polib.pofile(str(LOCALES / code / "LC_MESSAGES" / "django.po"))
    present = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    missing = sorted(msgid for key in extracted_msgids if key not in present for msgid in [key[1]])
    assert not missing, f"{code} misses: {missing[:5]}"
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    assert not untranslated, f"{code} leaves untranslated: {untranslated[:5]}"
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not fuzzy, f"{code} has fuzzy entries Django would ignore: {fuzzy[:5]}"
    assert not catalog.metadata_is_fuzzy
    assert catalog.metadata["Language"] == code


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_compiled_catalog_matches_its_source(code):
    po = polib.pofile(str(LOCALES / code / "LC_MESSAGES" / "django.po"))
    mo_path = LOCALES / code / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{code}: run `make messages` to compile the catalog"
    mo = polib.mofile(str(mo_path))

    def entries(catalog):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalog
            if (e.msgstr or e.msgstr_plural) and not e.obsolete
        }

    assert entries(mo) == entries(po), f"{code}: django.mo is stale; run `make messages`"


@pytest.mark.parametrize("code", ["ar", "prs", "fa"])
def test_right_to_left_catalogs_are_in_their_script(code):
    catalog = polib.pofile(str(LOCALES / code / "LC_MESSAGES" / "django.po"))
    translated = [e.msgstr for e in catalog if e.msgstr]
    arabic_script = sum(1 for text in translated if any("\u0600" <= ch <= "\u06ff" for ch in text))
    assert arabic_script >= 0.9 * len(translated)
