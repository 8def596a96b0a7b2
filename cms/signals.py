"""Signal handlers: queue the cover renditions of a page once its publication has committed."""

from wagtail.signals import page_published

from .tasks import prepare_cover_renditions


def on_page_published(sender, instance, **kwargs):
    # Renditions are also made on first view, so a broker outage costs speed, not content.
    if getattr(instance, "cover_image_id", None):
        prepare_cover_renditions.delay_on_commit(instance.pk)


page_published.connect(on_page_published, dispatch_uid="cms.prepare_cover_renditions")
