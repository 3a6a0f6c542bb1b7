"""The four TransNet themes, and the partner groups: one per partner city and the coordinators.

Only what every installation needs: the groups get into the admin here; their collection and
page permissions follow the collections and pages (partners/permissions.py)."""

from django.db import migrations

THEMES = ["employers", "language", "authorities", "motivation"]
GROUPS = [
    "Partner coordinators",
    "Partners: Copenhagen",
    "Partners: Trondheim",
    "Partners: Warsaw",
    "Partners: Birmingham",
]


def create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Theme = apps.get_model("partners", "Theme")
    for code in THEMES:
        Theme.objects.get_or_create(code=code)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
