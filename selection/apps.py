"""App configuration for the selection stage."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Selection")

    def ready(self):
        from scenarios.models.audit import register_state_labels

        from .models import Panel

        register_state_labels(Panel.Stage.choices)
