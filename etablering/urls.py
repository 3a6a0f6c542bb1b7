import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from pages import serve as page_serve
from pages import views as page_views
from pages.media_views import PUBLIC_FOLDERS, serve_media

from . import health, views

handler400 = "etablering.views.bad_request"
handler404 = "etablering.views.page_not_found"
handler500 = "etablering.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", page_views.sitemap, name="sitemap"),
]

if settings.SERVE_MEDIA:  # local storage: public folders only, range requests (pages/media_views)
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>(?:{'|'.join(PUBLIC_FOLDERS)}).+)$",
            serve_media,
            name="serve_media",
        )
    )

# Nothing else under MEDIA_URL is served, DEBUG or not: documents live in the private storage
# and are downloaded through Wagtail's serve view (documents/…), which checks their privacy.

urlpatterns += i18n_patterns(
    path("sok/", page_views.search, name="search"),
    path("", include("pictures.urls")),
    # Pages: Wagtail's serve view after the site's own routing (pages/serve.py); Wagtail's
    # helper views under _util/ and the "wagtail_serve" name for reversing stay Wagtail's.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", page_serve.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
