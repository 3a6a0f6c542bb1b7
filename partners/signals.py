"""Permissions follow the pages: a city page gives its city's group rights below it, the section
page gives the coordinators theirs and the moderation workflow (see permissions.py)."""

from django.db.models.signals import post_migrate, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtailmedia.models import get_media_model

from .models import CityPage, PartnersIndexPage
from .permissions import (
    ensure_partner_setup,
    file_new_items_under_website,
    grant_city_page_permissions,
    grant_section_permissions,
)


@receiver(post_save, sender=CityPage)
def city_page_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_city_page_permissions(instance)


@receiver(post_save, sender=PartnersIndexPage)
def section_page_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        grant_section_permissions(instance)


def new_item_under_website(sender, instance, raw=False, **kwargs):
    if not raw:
        file_new_items_under_website(instance)


for _model in (get_document_model(), get_image_model(), get_media_model()):
    pre_save.connect(
        new_item_under_website, sender=_model, dispatch_uid=f"partners.website.{_model}"
    )


def after_migrate(sender, app_config=None, using="default", **kwargs):
    if app_config is not None and app_config.label == "partners":
        # This app's permissions first: its handler may run before django.contrib.auth's.
        from django.contrib.auth.management import create_permissions

        create_permissions(app_config, verbosity=0, using=using)
        ensure_partner_setup()


post_migrate.connect(after_migrate, dispatch_uid="partners.ensure_partner_setup")
