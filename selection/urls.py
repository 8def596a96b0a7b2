"""URLs of the selection stage: /review/ for experts, the chair and the publisher."""

from django.urls import path

import scenarios.urls  # noqa: F401  (registers <id:…>, the project's database-key converter)

from . import views

app_name = "selection"

urlpatterns = [
    path("", views.assignments, name="assignments"),
]

urlpatterns += [
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
