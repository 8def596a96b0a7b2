"""Moderators manage the expert pool (add, change and view experts; an expert leaves the pool by
being marked out of it, never deleted, so past panels keep their members)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("selection")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="selection",
        codename__in=["add_expert", "change_expert", "view_expert"],
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
