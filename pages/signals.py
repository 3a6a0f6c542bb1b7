"""Keeping cached site chrome true: forget it whenever what it shows may have changed."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


def forget_site_chrome(**kwargs):
    from .templatetags.site_tags import forget_site_chrome as forget

    forget()


def connect():
    from .models import SiteDetails

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_site_chrome, dispatch_uid=f"site-chrome-{id(signal)}")
    post_save.connect(forget_site_chrome, sender=SiteDetails, dispatch_uid="site-chrome-save")
    post_delete.connect(forget_site_chrome, sender=SiteDetails, dispatch_uid="site-chrome-del")
