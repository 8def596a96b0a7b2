"""URLs of the selection stage: /review/ for experts, the chair and the publisher."""

from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    path("", views.assignments, name="assignments"),
]
