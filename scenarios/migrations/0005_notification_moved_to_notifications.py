# Notification now belongs to the notifications app, which renamed and adopted its table
# (notifications 0001): only scenarios' migration state forgets it here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("scenarios", "0004_bid_checks_snapshot_answer_history"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
        ),
    ]
