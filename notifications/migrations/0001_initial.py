# The Notification model moves here from scenarios with its rows: the table is renamed, not
# copied, so ids, the id sequence and every row stay as they were (scenarios 0004 drops the
# model from its own state). Its content type follows, keeping any permission given on it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def adopt_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="notifications", model="notification").exists():
        ContentType.objects.filter(app_label="scenarios", model="notification").update(
            app_label="notifications"
        )


def return_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="scenarios", model="notification").exists():
        ContentType.objects.filter(app_label="notifications", model="notification").update(
            app_label="scenarios"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("scenarios", "0003_certificates_and_member_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("subject", models.CharField(max_length=200, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="message")),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="link")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                        ("emailed_at", models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at")),
                        ("email_attempts", models.PositiveSmallIntegerField(default=0)),
                        ("email_error", models.CharField(blank=True, max_length=300)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE scenarios_notification RENAME TO notifications_notification",
                    "ALTER TABLE notifications_notification RENAME TO scenarios_notification",
                ),
            ],
        ),
        migrations.RunPython(adopt_content_type, return_content_type),
    ]
