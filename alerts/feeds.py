"""The Atom feed of a saved search, at a signed URL a feed reader can poll without signing in:
what the saved search was alerted of, newest first."""

from django.contrib.syndication.views import Feed
from django.core import signing
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import services
from .models import SavedSearch

FEED_ITEMS = 50


class SavedSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, token):
        try:
            pk = services.feed_id(token)
        except signing.BadSignature as error:
            raise Http404 from error
        saved_search = SavedSearch.objects.filter(pk=pk).first()
        if saved_search is None:
            raise Http404
        return saved_search

    def title(self, saved_search):
        return _("Saved search: %(name)s") % {"name": saved_search.name}

    def link(self, saved_search):
        return services.feed_path(saved_search.pk)

    def subtitle(self, saved_search):
        return _("Opportunities newly published or amended that match “%(name)s”.") % {
            "name": saved_search.name
        }

    def items(self, saved_search):
        return saved_search.deliveries.order_by("-created_at", "-pk")[:FEED_ITEMS]

    def item_title(self, delivery):
        return delivery.title

    def item_description(self, delivery):
        return delivery.summary

    def item_link(self, delivery):
        return delivery.url or "/"

    def item_guid(self, delivery):
        return f"alert-{delivery.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, delivery):
        return delivery.created_at

    def item_updateddate(self, delivery):
        return delivery.created_at
