"""URLs of matching: /matching/solvers/ and the invitation to bid."""

from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("solvers/", views.solvers, name="solvers"),
    path(
        "opportunities/<int:page_id>/invite/<int:company_id>/",
        views.invite,
        name="invite",
    ),
]
