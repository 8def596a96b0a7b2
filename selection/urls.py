"""URLs of the selection stage: /review/ for experts, the chair and the publisher."""

from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    path("", views.assignments, name="assignments"),
]
urlpatterns += [
    path("<int:panel_id>/records.xlsx", views.records_xlsx, name="records_xlsx"),
    path("<int:panel_id>/sheets/<int:member_id>/print/", views.sheet_print, name="sheet_print"),
]
