"""URLs of the selection stage: /review/ for experts, the chair and the publisher."""

from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    path("", views.assignments, name="assignments"),
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
