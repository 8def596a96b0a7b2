"""URLs of alerts: the account's saved searches, saving one, the signed unsubscribe and feed
links, and following an opportunity."""

from django.urls import path, register_converter

from scenarios.urls import RecordIdConverter

from . import views
from .feeds import SavedSearchFeed

register_converter(RecordIdConverter, "alert_id")

app_name = "alerts"
urlpatterns = [
    path("account/saved-searches/", views.saved_searches, name="saved_searches"),
    path("account/saved-searches/new/", views.saved_search_new, name="saved_search_new"),
    path(
        "account/saved-searches/<alert_id:pk>/",
        views.saved_search_change,
        name="saved_search_change",
    ),
    path(
        "account/saved-searches/<alert_id:pk>/delete/",
        views.saved_search_delete,
        name="saved_search_delete",
    ),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/feed/<str:token>/", SavedSearchFeed(), name="feed"),
    path("opportunities/<alert_id:page_id>/follow/", views.follow_toggle, name="follow"),
]
