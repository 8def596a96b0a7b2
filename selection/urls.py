"""URLs of the selection stage: /review/ for experts, the chair and the publisher."""

from django.urls import path

from scenarios.urls import RecordIdConverter  # noqa: F401 (registers the "id" converter)

from . import views

app_name = "selection"

urlpatterns = [
    path("", views.assignments, name="assignments"),
    path("invitations/<id:pk>/", views.invitation_respond, name="respond"),
    path("panels/<id:pk>/", views.panel_detail, name="panel"),
    path("panels/<id:pk>/compare/", views.compare, name="compare"),
    path("bids/<id:pk>/", views.bid_detail, name="bid"),
    path("bids/<id:pk>/score/", views.score_sheet, name="score"),
    path(
        "bids/<id:pk>/attachments/<id:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
