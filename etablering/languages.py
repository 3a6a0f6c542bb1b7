"""The site's languages: one table that settings, templates and the switcher all read.

Django has no language info for Dari (prs), Somali (so) or Tigrinya (ti); ``register_language_info``
adds it so that their names, direction and activation work like any other language.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in English, for the admin and logs
    name_local: str  # in its own script: what the language switcher shows
    bidi: bool = False
    # espeak-ng has a usable voice (used by the audio issue); not for so, ti, prs
    has_speech_voice: bool = True

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"


LANGUAGES = (
    Language("sv", "Swedish", "Svenska"),
    Language("en", "English", "English"),
    Language("ar", "Arabic", "العربية", bidi=True),
    Language("prs", "Dari", "دری", bidi=True, has_speech_voice=False),
    Language("fa", "Persian", "فارسی", bidi=True),
    Language("so", "Somali", "Soomaali", has_speech_voice=False),
    Language("ti", "Tigrinya", "ትግርኛ", has_speech_voice=False),
    Language("uk", "Ukrainian", "Українська"),
    Language("da", "Danish", "Dansk"),
    Language("nb", "Norwegian Bokmål", "Norsk bokmål"),
    Language("pl", "Polish", "Polski"),
)

SOURCE_LANGUAGE = "sv"
BY_CODE = {language.code: language for language in LANGUAGES}


DARI_TAGS = ("fa-af",)


def get_language(code: str) -> Language:
    """The language for a code such as ``ar`` or ``nb``; Swedish for anything unknown."""
    return BY_CODE.get(code) or BY_CODE.get(code.split("-")[0]) or BY_CODE[SOURCE_LANGUAGE]


def register_language_info() -> None:
    """Teach Django the languages it lacks (names, direction) without changing the ones it has."""
    from django.conf.locale import LANG_INFO

    for language in LANGUAGES:
        LANG_INFO.setdefault(
            language.code,
            {
                "bidi": language.bidi,
                "code": language.code,
                "name": language.name,
                "name_local": language.name_local,
            },
        )
    # Dari is written "fa-AF" by browsers and phones set to Afghan Persian: Django would read it
    # as Iranian Persian (fa). Its fallback sends it to Dari, before the generic "fa".
    for tag in DARI_TAGS:
        LANG_INFO.setdefault(tag, {**LANG_INFO["prs"], "fallback": ["prs"]})
