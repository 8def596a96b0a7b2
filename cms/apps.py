"""App configuration for the CMS content model."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Opportunity content")

    def ready(self):
        from . import signals  # noqa: F401  (connects the publish handlers)
