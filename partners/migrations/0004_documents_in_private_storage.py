"""Documents in the private storage (issue 12, item 4).

Every partner document's file moves from the public media folder (``MEDIA_ROOT/documents/``, which
``make run`` served to anyone at ``/media/documents/…``) to ``STORAGES["private"]``, which no URL
serves: only Wagtail's serve view reads it, after checking the collection's privacy. Files keep
their names unless the private storage already holds another file by that name.
"""

from django.core.files.storage import storages
from django.db import migrations, models

import etablering.storage


def move_files(source_alias, target_alias):
    def move(apps, schema_editor):
        source, target = storages[source_alias], storages[target_alias]
        PartnerDocument = apps.get_model("partners", "PartnerDocument")
        for document in PartnerDocument.objects.exclude(file=""):
            name = document.file.name
            if not source.exists(name):
                continue  # already moved, or missing before (nothing to expose)
            with source.open(name, "rb") as handle:
                stored = target.save(name, handle)  # a new name if the target has one already
            if stored != name:
                PartnerDocument.objects.filter(pk=document.pk).update(file=stored)
            source.delete(name)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_least_privilege_collections"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partnerdocument",
            name="file",
            field=models.FileField(
                storage=etablering.storage.private_storage,
                upload_to="documents",
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_files("default", "private"), move_files("private", "default")),
    ]
