"""URLs of the selection stage: /review/ for experts, the chair and the publisher."""

from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    path("", views.assignments, name="assignments"),
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
