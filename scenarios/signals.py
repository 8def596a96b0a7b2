"""Signal handlers: publishing an opportunity that already has bids is an amendment, and
everyone with a draft or submitted bid on it is told."""

from wagtail.signals import page_published

from cms.models import OpportunityPage

from .services import opportunity_amended


def on_page_published(sender, instance, revision=None, **kwargs):
    # Bids can only be started on a live page, so a publication that finds bids on the page is
    # a new version of something bidders have already read.
    if isinstance(instance, OpportunityPage):
        opportunity_amended(instance, revision)


page_published.connect(on_page_published, dispatch_uid="scenarios.notify_amendment")
