"""App configuration for companies, bids and reviews."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "scenarios"
    verbose_name = _("Bids and reviews")

    def ready(self):
        from . import signals  # noqa: F401  (connects the amendment notices and publisher access)
