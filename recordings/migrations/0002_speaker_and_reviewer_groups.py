"""Per language a group of speakers and a group of reviewers, with the narrowest permissions:
into the admin, and recording (or reviewing) in that language. No page, document, image,
snippet or intake permission: the recording workspace is all they see."""

from django.db import migrations

from etablering.languages import LANGUAGES


def group_names(language):
    return (f"Speakers: {language.name}", f"Reviewers: {language.name}")


def create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for language in LANGUAGES:
        speakers, reviewers = group_names(language)
        for name, codename in (
            (speakers, f"record_{language.code}"),
            (reviewers, f"review_{language.code}"),
        ):
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.set(
                [
                    access_admin,
                    Permission.objects.get(
                        content_type__app_label="recordings", codename=codename
                    ),
                ]
            )


def remove(apps, schema_editor):
    names = [name for language in LANGUAGES for name in group_names(language)]
    apps.get_model("auth", "Group").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recordings", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
