from django.apps import AppConfig


class EtableringConfig(AppConfig):
    name = "etablering"
    verbose_name = "Etablering Stockholm"

    def ready(self):
        from . import storage  # noqa: F401  (the private storage's system check)
        from .languages import register_language_info

        register_language_info()
