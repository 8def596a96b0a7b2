"""Signal handlers: queue the cover renditions of a page once its publication has committed."""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError
from wagtail.signals import page_published

from .tasks import prepare_cover_renditions

logger = logging.getLogger(__name__)


def _queue_renditions(page_id):
    try:
        prepare_cover_renditions.delay(page_id)
    except OperationalError:
        # Renditions are also made on first view, so a broker outage costs speed, not content.
        logger.warning(
            "broker unavailable; renditions of page %s will be made on first view", page_id
        )


def on_page_published(sender, instance, **kwargs):
    if getattr(instance, "cover_image_id", None):
        transaction.on_commit(partial(_queue_renditions, instance.pk))


page_published.connect(on_page_published, dispatch_uid="cms.prepare_cover_renditions")
