"""Least privilege for collections (issue 12, item 3).

Wagtail's own migrations give its default groups (*Editors*, *Moderators*) add, change, delete and
choose on images, documents and media in the root collection. Collection permissions reach every
collection below, so those groups could rename, replace and delete every partner city's private
documents. Here every grant on the root collection moves to a new *Website* collection (the site's
own material), and so do the files filed directly under the root, so that editors keep working on
them. Nobody but superusers holds anything on the root afterwards; the partner collections are
granted to their city's group and the coordinators only (partners/permissions.py).
"""

from django.db import migrations

WEBSITE = "Website"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # django-treebeard's materialised path
STEP = 4
# Models with a collection whose rows under the root move to Website.
FILED_MODELS = [
    ("partners", "PartnerDocument"),
    ("wagtaildocs", "Document"),
    ("wagtailimages", "Image"),
    ("pages", "MediaFile"),
]


def _encode(number):
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP, "0")


def website_collection(Collection, root):
    children = Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path)
    existing = children.filter(name=WEBSITE).first()
    if existing is not None:
        return existing
    last = children.order_by("-path").first()
    number = int(last.path[-STEP:], len(ALPHABET)) + 1 if last else 1
    website = Collection.objects.create(
        name=WEBSITE, path=root.path + _encode(number), depth=root.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=children.count())
    return website


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    website = website_collection(Collection, root)
    for grant in GroupCollectionPermission.objects.filter(collection=root):
        GroupCollectionPermission.objects.get_or_create(
            group_id=grant.group_id, permission_id=grant.permission_id, collection=website
        )
        grant.delete()
    for app_label, model_name in FILED_MODELS:
        model = apps.get_model(app_label, model_name)
        model.objects.filter(collection=root).update(collection=website)


def backwards(apps, schema_editor):
    """Grants go back to the root collection (the files stay in Website)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    website = Collection.objects.filter(depth=2, name=WEBSITE).first()
    if root is None or website is None:
        return
    for grant in GroupCollectionPermission.objects.filter(collection=website):
        GroupCollectionPermission.objects.get_or_create(
            group_id=grant.group_id, permission_id=grant.permission_id, collection=root
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_themes_and_groups"),
        ("pages", "0005_streams_and_format_flags"),
        ("intake", "0002_intake_group"),
        ("wagtailcore", "0098_apitoken"),
        # after every migration of Wagtail's that grants its default groups collection permissions
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
