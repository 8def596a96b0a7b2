"""Publishing the result notice (公示) and making it final: only the publisher, only at the
decision with awards; the deadline in working days; everyone concerned told; a notice with an
objection awaiting its answer waits; finalising twice finalises and notifies once; the public
page and the block on the opportunity page name no expert."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from notifications.models import Notification
from scenarios.models import AuditEvent
from selection import services
from selection.models import Award, Panel, ResultNotice
from selection.tasks import finalise_result_notices
from selection.workdays import SHANGHAI

from . import factories_notice as f
from .conftest import EXPERTS

decided_panel = f.decided_panel
notice = f.notice
other_publisher = f.other_publisher

pytestmark = pytest.mark.usefixtures("messages_in_english")

REASONS = "评审打分与公开的评分细则不一致，请复核第二项指标的得分依据。"


def test_publishing_moves_the_panel_to_notice_with_a_working_day_deadline(decided_panel, publisher):
    notice = services.notice_publish(decided_panel, publisher)
    decided_panel.refresh_from_db()
    assert decided_panel.stage == Panel.Stage.NOTICE
    deadline = notice.objection_deadline.astimezone(SHANGHAI)
    assert (deadline.hour, deadline.minute) == (23, 59)
    assert deadline.weekday() < 5
    assert AuditEvent.objects.filter(action=AuditEvent.Action.NOTICE_PUBLISHED).count() == 1


def test_publishing_tells_every_bidder_and_every_expert(decided_panel, publisher, bids, experts):
    services.notice_publish(decided_panel, publisher)
    told = set(
        Notification.objects.filter(subject__startswith="Result notice published").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"company_a", "company_b", "reviewer_1", "reviewer_2", "reviewer_3"}


def test_a_publisher_of_another_organisation_cannot_publish(decided_panel, other_publisher):
    with pytest.raises(PermissionDenied):
        services.notice_publish(decided_panel, other_publisher)


def test_publishing_without_awards_is_refused(decided_panel, publisher):
    Award.objects.filter(panel=decided_panel).delete()
    with pytest.raises(ValidationError):
        services.notice_publish(decided_panel, publisher)
    assert not ResultNotice.objects.exists()


def test_publishing_before_the_decision_is_refused(scoring_panel, publisher):
    with pytest.raises(ValidationError):
        services.notice_publish(scoring_panel, publisher)


def test_finalising_skips_a_notice_with_a_pending_objection(notice, company_b, publisher):
    services.objection_file(notice, company_b[1], REASONS)
    f.end_period(notice)
    assert services.notices_finalise() == []
    notice.refresh_from_db()
    assert notice.status == ResultNotice.Status.RUNNING
    objection = notice.objections.get()
    services.objection_answer(objection, publisher, False, "经复核，评分符合细则。")
    assert [n.pk for n in services.notices_finalise()] == [notice.pk]


def test_finalising_twice_finalises_and_notifies_once(notice):
    f.end_period(notice)
    finalise_result_notices.apply()
    finalise_result_notices.apply()
    notice.refresh_from_db()
    notice.panel.refresh_from_db()
    assert notice.status == ResultNotice.Status.FINAL
    assert notice.panel.stage == Panel.Stage.FINAL
    assert Notification.objects.filter(subject__startswith="Your bid is selected").count() == 1
    assert Notification.objects.filter(subject__startswith="Result final").count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESULT_FINAL).count() == 1


def test_a_running_notice_is_not_finalised_before_its_deadline(notice):
    assert services.notices_finalise() == []


def test_the_public_notice_shows_winners_and_panel_size_but_no_expert(client, notice, bids):
    response = client.get(reverse("selection:notice", args=[notice.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert bids[0].bidder_name in content
    assert response.context["panel_size"] == 3
    assert not [name for _u, name, *_rest in EXPERTS if name in content]


def test_the_opportunity_page_shows_the_notice_block(client, notice, bids):
    response = client.get(notice.panel.opportunity.url)
    content = response.content.decode()
    assert 'id="result-notice"' in content
    assert bids[0].bidder_name in content
    assert not [name for _u, name, *_rest in EXPERTS if name in content]


def test_every_beat_entry_names_a_registered_task(settings):
    from config.celery_app import app

    app.loader.import_default_modules()
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)
    assert "selection.tasks.finalise_result_notices" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_the_publisher_publishes_through_the_page(client, decided_panel, publisher, bids):
    url = reverse("selection:notice_create", args=[decided_panel.pk])
    client.force_login(publisher)
    assert bids[0].bidder_name in client.get(url).content.decode()  # the winners, to check
    response = client.post(url, {"text": "拟揭榜单位公示如下。"})
    notice = ResultNotice.objects.get()
    assert response.url == reverse("selection:notice", args=[notice.pk])
    assert notice.text == "拟揭榜单位公示如下。"


def test_another_publisher_cannot_open_the_publish_page(client, decided_panel, other_publisher):
    client.force_login(other_publisher)
    url = reverse("selection:notice_create", args=[decided_panel.pk])
    assert client.post(url, {"text": "冒名公示"}).status_code == 404
    assert not ResultNotice.objects.exists()


def test_followers_are_told_of_the_published_and_the_final_result(decided_panel, publisher):
    from django.contrib.auth import get_user_model

    from alerts.models import Follow

    follower = get_user_model().objects.create_user("follower", "follower@example.cn", "x")
    Follow.objects.create(user=follower, opportunity=decided_panel.opportunity)
    notice = services.notice_publish(decided_panel, publisher)
    f.end_period(notice)
    finalise_result_notices.apply()
    subjects = list(
        Notification.objects.filter(user=follower).order_by("pk").values_list("subject", flat=True)
    )
    title = decided_panel.opportunity.title
    assert subjects == [f"Result notice published: {title}", f"Result final: {title}"]
