"""Signal handlers: publishing an opportunity that already has bids is an amendment, and
everyone with a draft or submitted bid on it is told; a publisher account works in its
organisation's section of the admin, from wherever the account was linked to it."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from cms.models import OpportunityPage
from cms.services import publisher_access_grant, publisher_access_revoke

from .models import PublisherMembership
from .services import opportunity_amended


def on_page_published(sender, instance, revision=None, **kwargs):
    # Bids can only be started on a live page, so a publication that finds bids on the page is
    # a new version of something bidders have already read.
    if isinstance(instance, OpportunityPage):
        opportunity_amended(instance, revision)


page_published.connect(on_page_published, dispatch_uid="scenarios.notify_amendment")


def on_publisher_membership_saved(sender, instance, **kwargs):
    publisher_access_grant(instance.user, instance.organization)


def on_publisher_membership_deleted(sender, instance, **kwargs):
    publisher_access_revoke(instance.user)


post_save.connect(
    on_publisher_membership_saved,
    sender=PublisherMembership,
    dispatch_uid="scenarios.publisher_access_grant",
)
post_delete.connect(
    on_publisher_membership_deleted,
    sender=PublisherMembership,
    dispatch_uid="scenarios.publisher_access_revoke",
)
