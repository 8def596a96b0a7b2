"""Celery tasks of the CMS: work done after a page is published, off the editor's request."""

from celery import shared_task
from wagtail.models import Page

from .renditions import prepare_page_renditions


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def prepare_cover_renditions(page_id):
    """Render a published page's cover image in the sizes the site shows; safe to run twice."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return prepare_page_renditions(page.specific)
