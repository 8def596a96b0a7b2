"""The links between the selection's pages: the chair reaches the consensus from its panel page
(a member does not), the publisher reaches the decision, the notice and the records from the
panel page once the stage has them, and not before."""

import pytest
from django.urls import reverse

from .factories_decision import consensus_panel, decision_panel  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def html_of(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_chair_alone_is_linked_to_the_consensus(client, consensus_panel, experts):  # noqa: F811
    url = reverse("selection:panel", args=[consensus_panel.pk])
    consensus = reverse("selection:consensus", args=[consensus_panel.pk])
    chair = html_of(client, experts[0].user, url)
    assert f'href="{consensus}"' in chair
    assert "专家合议" in chair
    assert f'href="{consensus}"' not in html_of(client, experts[1].user, url)


def test_the_publisher_is_linked_to_the_decision_and_records_only_once_reached(
    client,
    consensus_panel,  # noqa: F811
    bids,
    experts,
    publisher,
):
    url = reverse("selection:publisher_panel", args=[consensus_panel.pk])
    html = html_of(client, publisher, url)
    assert reverse("selection:decision", args=[consensus_panel.pk]) not in html
    assert reverse("selection:records_xlsx", args=[consensus_panel.pk]) not in html


def test_the_publisher_at_the_decision_reaches_the_ranking_and_the_records(
    client,
    decision_panel,  # noqa: F811
    publisher,
):
    html = html_of(
        client, publisher, reverse("selection:publisher_panel", args=[decision_panel.pk])
    )
    assert f'href="{reverse("selection:decision", args=[decision_panel.pk])}"' in html
    assert "排名与揭榜决定" in html
    assert "评审记录（XLSX）" in html
    # No winner selected yet: nothing to publish.
    assert reverse("selection:notice_create", args=[decision_panel.pk]) not in html
