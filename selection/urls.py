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

urlpatterns += [
    path("panels/<int:pk>/notice/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/objections/new/", views.objection_create, name="objection_create"),
    path("notices/<int:pk>/objections/", views.notice_objections, name="notice_objections"),
    path(
        "objections/<int:pk>/attachments/<int:attachment_id>/",
        views.objection_attachment,
        name="objection_attachment",
    ),
]

# Consensus (the chair) and decision (the publisher); `id` is the 64-bit key converter that
# scenarios.urls registers.
import scenarios.urls  # noqa: E402, F401

urlpatterns += [
    path("<id:panel_id>/consensus/", views.consensus, name="consensus"),
    path("<id:panel_id>/consensus/<id:bid_id>/", views.consensus_save, name="consensus_record"),
    path("<id:panel_id>/decision/", views.decision, name="decision"),
    path("<id:panel_id>/decision/shortlist/", views.shortlist, name="decision_shortlist"),
    path("<id:panel_id>/decision/select/", views.select, name="decision_select"),
]
