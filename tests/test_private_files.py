"""Private means private (issue 12, item 4): partner documents live in ``STORAGES["private"]``,
outside MEDIA_ROOT, where no URL reaches them except Wagtail's serve view, which checks who asks.
"""

import importlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import clear_url_caches
from wagtail.images import get_image_model

from partners.models import PartnerDocument
from partners.permissions import COORDINATORS, city_group_name
from tests.test_security import production_settings

pytestmark = pytest.mark.django_db


def private_document(city="warsaw"):
    return PartnerDocument.objects.filter(
        city=city, collection__name__endswith="(internal)"
    ).first()


def user_in(group_name):
    user = get_user_model().objects.create_user(
        f"p-{get_user_model().objects.count()}", password="x" * 16
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def make_run_urls(settings):
    """The URLs as `make run` has them (DEBUG on): the media URLs as the developer sees them."""
    import etablering.urls

    settings.DEBUG = True
    importlib.reload(etablering.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(etablering.urls)
    clear_url_caches()


def test_every_demo_document_is_in_the_private_storage_and_none_under_media_root(settings):
    private = storages["private"]
    documents = PartnerDocument.objects.all()
    assert documents.count() >= 22
    for document in documents:
        assert private.exists(document.file.name), document.file.name
        assert not default_storage.exists(document.file.name), document.file.name
    media_root = Path(settings.MEDIA_ROOT)
    assert not list(media_root.rglob("*.pdf"))
    assert not Path(settings.PRIVATE_MEDIA_ROOT).resolve().is_relative_to(media_root.resolve())


def test_media_url_gives_404_for_a_private_document_on_make_run(client, make_run_urls, settings):
    document = private_document()
    name = document.file.name  # documents/<name>.pdf
    assert client.get(f"/media/{name}").status_code == 404
    # Not even a copy left behind in the public folder (an old installation) is served.
    default_storage.save(name, ContentFile(b"%PDF-1.4 stray copy"))
    try:
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/media/documents/../{name}").status_code == 404
    finally:
        default_storage.delete(name)
    # The public folders are still served.
    image = get_image_model().objects.first()
    assert client.get(f"/media/{image.file.name}").status_code == 200


def test_the_serve_view_gives_a_private_document_only_to_its_city_and_the_coordinators(client):
    document = private_document("warsaw")
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(user_in(city_group_name("trondheim")))
    assert client.get(document.url).status_code in (302, 403)
    for group in (city_group_name("warsaw"), COORDINATORS):
        client.force_login(user_in(group))
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.startswith(b"%PDF-")


def test_a_public_document_is_served_to_anyone_from_the_private_storage(client):
    document = PartnerDocument.objects.exclude(collection__name__endswith="(internal)").first()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_the_migration_moves_documents_out_of_the_media_folder():
    from django.apps import apps

    migration = importlib.import_module("partners.migrations.0004_documents_in_private_storage")
    document = PartnerDocument.objects.first()
    private = storages["private"]
    original = document.file.name
    content = private.open(original, "rb").read()
    # As before the change: the file in the public media folder.
    private.delete(original)
    default_storage.save(original, ContentFile(content))
    migration.move_files("default", "private")(apps, None)
    document.refresh_from_db()
    assert private.exists(document.file.name)
    assert private.open(document.file.name, "rb").read() == content
    assert not default_storage.exists(original)


def test_a_private_folder_inside_media_root_is_refused(settings, tmp_path):
    from etablering.storage import private_root_outside_media

    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    assert [error.id for error in private_root_outside_media()] == ["etablering.E011"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path.parent / "elsewhere")},
        },
    }
    assert private_root_outside_media() == []


def test_production_keeps_private_files_in_a_private_bucket_or_prefix():
    config = production_settings(
        AWS_STORAGE_BUCKET_NAME="media-bucket",
        AWS_LOCATION="media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    private = config["storages"]["private"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    options = private["OPTIONS"]
    assert options["bucket_name"] == "media-bucket"
    assert options["location"] == "private"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert "custom_domain" not in options
    own = production_settings(
        AWS_STORAGE_BUCKET_NAME="media-bucket", AWS_PRIVATE_STORAGE_BUCKET_NAME="closed"
    )
    assert own["storages"]["private"]["OPTIONS"]["bucket_name"] == "closed"
    without_bucket = production_settings()
    assert without_bucket["storages"]["private"]["BACKEND"].endswith("FileSystemStorage")
