"""The intake group: the only people who see cases. They may view and handle cases and see the
teams; they cannot add or delete cases, or touch pages, users or settings."""

from django.db import migrations

GROUP = "Intake"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("intake", "case", "view_case"),
    ("intake", "case", "change_case"),
    ("intake", "team", "view_team"),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, _model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # after the migrations that hand every existing group image and document permissions
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
