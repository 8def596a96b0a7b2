"""The Celery application; tasks are discovered in each installed app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# Every task queues itself after commit through core.tasks.Task.delay_on_commit.
app = Celery("opportunities", task_cls="core.tasks:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
