"""Wagtail's default moderation workflow and its task are named "Moderators approval" in English,
which the Chinese admin then shows as 提交给Moderators approval: name them 审核发布 instead."""

from django.db import migrations

ENGLISH = "Moderators approval"
CHINESE = "审核发布"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_chinese(apps, schema_editor):
    rename(apps, ENGLISH, CHINESE)


def to_english(apps, schema_editor):
    rename(apps, CHINESE, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_editor_permissions_and_home_page"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
