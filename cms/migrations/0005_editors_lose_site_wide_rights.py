"""The site-wide Editors group no longer writes every page nor the taxonomy: publishing
organisations write in their own sections (cms.services.publisher_section_sync, run by
``manage.py sync_publisher_scopes``), and the organisations, domains and regions stay with the
moderators. Editors keep admin access and read the taxonomy."""

from django.db import migrations

SNIPPET_MODELS = ("domain", "region", "organization")
ROOT_PAGE_PERMISSIONS = ("add_page", "change_page")


def _editors(apps):
    return apps.get_model("auth", "Group").objects.filter(name="Editors").first()


def _snippet_writes(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="cms",
        content_type__model__in=SNIPPET_MODELS,
        codename__regex=r"^(add|change)_",
    )


def withdraw(apps, schema_editor):
    editors = _editors(apps)
    if editors is None:
        return
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    site_wide = Page.objects.filter(depth__lte=2)
    GroupPagePermission.objects.filter(group=editors, page__in=site_wide).delete()
    editors.permissions.remove(*_snippet_writes(apps))


def restore(apps, schema_editor):
    editors = _editors(apps)
    if editors is None:
        return
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.get(depth=1)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=ROOT_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=permission)
    editors.permissions.add(*_snippet_writes(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_publisher_sections"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(withdraw, restore)]
