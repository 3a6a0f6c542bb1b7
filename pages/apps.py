from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from . import checks, locale_cache, phrases, signals, speech, view_restrictions

        signals.connect()
        view_restrictions.connect()
        speech.connect()
        phrases.connect()
        checks.register()
        locale_cache.install()
