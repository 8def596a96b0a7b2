"""URLs of the selection stage under /review/: the expert's pages, the chair's consensus, the
publisher's panel, decision and notice pages, and the public result notice."""

from django.urls import path

import scenarios.urls  # noqa: F401  (registers <id:…>, the project's database-key converter)

from . import views

app_name = "selection"

expert_patterns = [
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

consensus_and_decision_patterns = [
    path("<id:panel_id>/consensus/", views.consensus, name="consensus"),
    path("<id:panel_id>/consensus/<id:bid_id>/", views.consensus_save, name="consensus_record"),
    path("<id:panel_id>/decision/", views.decision, name="decision"),
    path("<id:panel_id>/decision/shortlist/", views.shortlist, name="decision_shortlist"),
    path("<id:panel_id>/decision/select/", views.select, name="decision_select"),
]

notice_patterns = [
    path("panels/<id:pk>/notice/", views.notice_create, name="notice_create"),
    path("notices/<id:pk>/", views.notice_detail, name="notice"),
    path("notices/<id:pk>/objections/new/", views.objection_create, name="objection_create"),
    path("notices/<id:pk>/objections/", views.notice_objections, name="notice_objections"),
    path(
        "objections/<id:pk>/attachments/<id:attachment_id>/",
        views.objection_attachment,
        name="objection_attachment",
    ),
]

publisher_patterns = [
    path("publisher/", views.publisher_panels, name="publisher_panels"),
    path(
        "publisher/opportunities/<id:opportunity_id>/panel/",
        views.publisher_panel_create,
        name="publisher_panel_create",
    ),
    path("publisher/panels/<id:pk>/", views.publisher_panel, name="publisher_panel"),
    path("publisher/panels/<id:pk>/invite/", views.publisher_invite, name="publisher_invite"),
    path("publisher/panels/<id:pk>/recuse/", views.publisher_recuse, name="publisher_recuse"),
    path("publisher/panels/<id:pk>/advance/", views.publisher_advance, name="publisher_advance"),
    path(
        "publisher/panels/<id:pk>/eligibility/",
        views.publisher_eligibility,
        name="publisher_eligibility",
    ),
    path("publisher/panels/<id:pk>/roadshow/", views.publisher_roadshow, name="publisher_roadshow"),
]

record_patterns = [
    path("<id:panel_id>/records.xlsx", views.records_xlsx, name="records_xlsx"),
    path("<id:panel_id>/sheets/<id:member_id>/print/", views.sheet_print, name="sheet_print"),
]

urlpatterns = [
    *expert_patterns,
    *consensus_and_decision_patterns,
    *notice_patterns,
    *publisher_patterns,
    *record_patterns,
]
