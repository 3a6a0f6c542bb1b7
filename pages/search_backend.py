"""Wagtail's database search backend, with a PostgreSQL text-search configuration per language.

On PostgreSQL, each page (and anything else with a locale) is indexed with the configuration of
its own language, so that Swedish, English, Arabic, Danish and Norwegian words are stemmed as
those languages inflect them ("arbetet" finds "arbete"); languages PostgreSQL has no
configuration for (Dari, Persian, Somali, Tigrinya, Ukrainian, Polish) and objects without a
language are indexed with "simple" (no stemming). A query is matched against every configuration
in use (one tsquery each, joined by OR), so a search finds a page whatever language it is indexed
in: the public search filters by language anyway, and the admin's searches span languages.

On SQLite (and anything else) this is exactly Wagtail's database backend.
"""

from collections import defaultdict
from functools import cache, reduce
from operator import or_

from django.db import connection
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

from etablering.languages import LANGUAGES
from etablering.wagtail_internals import search_configuration

# PostgreSQL's built-in text-search configurations for the site's languages.
POSTGRES_CONFIGS = {
    "sv": "swedish",
    "en": "english",
    "ar": "arabic",
    "da": "danish",
    "nb": "norwegian",
}
FALLBACK_CONFIG = "simple"
CONFIGS_IN_USE = sorted(
    {POSTGRES_CONFIGS.get(language.code, FALLBACK_CONFIG) for language in LANGUAGES}
)


def config_for_language(language_code: str | None) -> str:
    return POSTGRES_CONFIGS.get(language_code or "", FALLBACK_CONFIG)


def config_for_object(obj) -> str:
    from .translations import locale_code

    locale_id = getattr(obj, "locale_id", None)
    return config_for_language(locale_code(locale_id)) if locale_id else FALLBACK_CONFIG


@cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            by_config = defaultdict(list)
            for obj in objs:
                by_config[config_for_object(obj)].append(obj)
            # a backend instance serves one indexing run in one thread
            for config, group in by_config.items():
                with search_configuration(self.backend, config):
                    super().add_items(model, group)

    class EveryLanguageQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery(self, query, config=None):
            return reduce(
                or_, (self.build_tsquery_content(query, config=name) for name in CONFIGS_IN_USE)
            )

    class LanguagePostgresSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex
        query_compiler_class = EveryLanguageQueryCompiler

    return LanguagePostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor == "postgresql":
        return _postgres_backend_class()({"SEARCH_CONFIG": FALLBACK_CONFIG, **params})
    return DatabaseSearchBackend(params)
