"""The bid workflow as the services enforce it: verification, one active bid, the deadline to
the second, funding, completeness, receipts, notifications and the audit trail."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from scenarios import services
from scenarios.models import AuditEvent, Bid

from .conftest import close, complete_bid, make_company

pytestmark = pytest.mark.usefixtures("messages_in_english")


@pytest.fixture
def draft(company_a, challenge):
    company, user = company_a
    return services.bid_create(company, challenge, user, fields={"summary": ""})


def test_a_draft_copies_the_challenge_targets_to_answer(draft):
    rows = list(draft.target_responses.values_list("indicator", "target_value"))
    assert rows == [("检测准确率", "≥99%"), ("单张推理时间", "≤50ms")]


def test_an_unverified_organisation_cannot_start_a_bid(challenge, admin):
    company, user = make_company("待核验科技有限公司", "pending_user", verified=False)
    with pytest.raises(ValidationError) as refused:
        services.bid_create(company, challenge, user, fields={"summary": ""})
    assert refused.value.code == "not_verified"
    assert not Bid.objects.exists()


def test_an_organisation_has_one_active_bid_per_opportunity(draft, company_a, challenge):
    company, user = company_a
    with pytest.raises(ValidationError, match="already has a bid"):
        services.bid_create(company, challenge, user, fields={"summary": ""})
    services.bid_withdraw(draft, user)
    again = services.bid_create(company, challenge, user, fields={"summary": ""})
    assert list(Bid.objects.order_by("pk").values_list("pk", "status")) == [
        (draft.pk, "withdrawn"),
        (again.pk, "draft"),
    ]


def test_someone_outside_the_organisation_cannot_touch_its_bid(draft, company_b):
    _company, stranger = company_b
    for action in (services.bid_submit, services.bid_withdraw):
        with pytest.raises(PermissionDenied):
            action(draft, stranger)
    assert Bid.objects.get(pk=draft.pk).status == "draft"


def test_submitting_an_incomplete_bid_names_what_is_missing(draft, company_a):
    _company, user = company_a
    with pytest.raises(ValidationError) as refused:
        services.bid_submit(draft, user)
    message = refused.value.messages[0]
    assert "summary" in message
    assert "technical approach" in message
    assert "2 technical target" in message


def test_submission_gives_a_receipt_a_notification_and_an_email(
    draft, company_a, django_capture_on_commit_callbacks
):
    _company, user = company_a
    complete_bid(draft, user)
    with django_capture_on_commit_callbacks(execute=True):
        bid = services.bid_submit(draft, user)
    assert bid.status == "submitted"
    # The date and a random part: no sequence that tells how many bids the platform holds.
    day = f"{timezone.localdate(bid.submitted_at):%Y%m%d}"
    assert re.fullmatch(rf"R{day}-[2-9A-HJ-NP-Z]{{10}}", bid.receipt_number)
    assert notification_url_resolves(bid)
    notification = Notification.objects.get(user=user, subject__contains="Bid received")
    assert bid.receipt_number in notification.subject
    assert notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert bid.receipt_number in mail.outbox[0].body


def notification_url_resolves(bid):
    """The notification's link opens the bid (it was /account/bids/<pk>/, a 404)."""
    from django.urls import resolve

    url = Notification.objects.filter(subject__contains=bid.receipt_number).get().url
    return resolve(url).url_name == "detail" and resolve(url).kwargs == {"pk": bid.pk}


def test_submitting_twice_keeps_one_receipt(draft, company_a):
    _company, user = company_a
    complete_bid(draft, user)
    first = services.bid_submit(draft, user)
    second = services.bid_submit(draft, user)
    assert first.receipt_number == second.receipt_number
    assert AuditEvent.objects.filter(action="bid_submitted").count() == 1


def test_a_submitted_bid_can_be_edited_until_the_deadline_but_must_stay_complete(draft, company_a):
    _company, user = company_a
    complete_bid(draft, user)
    services.bid_submit(draft, user)
    edited = services.bid_update(draft, user, fields={"team": "8人团队"})
    assert (edited.status, edited.team) == ("submitted", "8人团队")
    with pytest.raises(ValidationError, match="stay complete"):
        services.bid_update(draft, user, fields={"approach": ""})
    assert Bid.objects.get(pk=draft.pk).approach == "三阶段技术路线。"


def test_after_the_deadline_nothing_changes(draft, company_a, challenge):
    _company, user = company_a
    complete_bid(draft, user)
    close(challenge, seconds_ago=1)
    for attempt in (
        lambda: services.bid_submit(draft, user),
        lambda: services.bid_withdraw(draft, user),
        lambda: services.bid_update(draft, user, fields={"team": "迟到的修改"}),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "deadline_passed"
        assert "Beijing time" in refused.value.messages[0]
    assert Bid.objects.get(pk=draft.pk).status == "draft"
    assert Bid.objects.get(pk=draft.pk).team != "迟到的修改"


def test_the_deadline_message_gives_beijing_time(draft, company_a, challenge):
    _company, user = company_a
    close(challenge, seconds_ago=3600)
    with pytest.raises(ValidationError) as refused:
        services.bid_withdraw(draft, user)
    local = timezone.localtime(challenge.application_deadline)
    assert local.utcoffset().total_seconds() == 8 * 3600
    assert f"{local:%Y-%m-%d %H:%M:%S}" in refused.value.messages[0]


def test_requested_funding_above_the_bounty_is_refused_on_its_field(draft, company_a):
    _company, user = company_a
    with pytest.raises(ValidationError) as refused:
        services.bid_update(draft, user, fields={"requested_funding_wan": Decimal("120.01")})
    assert "requested_funding_wan" in refused.value.message_dict
    assert "120" in refused.value.message_dict["requested_funding_wan"][0]
    services.bid_update(draft, user, fields={"requested_funding_wan": Decimal("120")})


def test_every_state_change_is_in_the_audit_trail(draft, company_a):
    _company, user = company_a
    complete_bid(draft, user)
    services.bid_submit(draft, user)
    services.bid_withdraw(draft, user)
    trail = list(
        AuditEvent.objects.filter(bid=draft)
        .order_by("pk")
        .values_list("action", "actor_name", "from_state", "to_state")
    )
    assert trail == [
        ("bid_created", "company_a", "", "draft"),
        ("bid_updated", "company_a", "draft", "draft"),
        ("bid_submitted", "company_a", "draft", "submitted"),
        ("bid_withdrawn", "company_a", "submitted", "withdrawn"),
    ]


def test_verification_is_audited_and_told_to_the_members(admin):
    company, owner = make_company("新注册科技有限公司", "new_owner", verified=False)
    services.company_verify(company, admin, approve=False, note="营业执照不清晰")
    event = AuditEvent.objects.get(company=company, action="company_rejected")
    assert (event.from_state, event.to_state, event.detail["note"]) == (
        "pending",
        "rejected",
        "营业执照不清晰",
    )
    assert Notification.objects.filter(user=owner, subject__contains="not verified").exists()


def test_changing_the_credit_code_sends_the_organisation_back_to_verification(company_a):
    company, owner = company_a
    from scenarios.validators import make_uscc

    services.company_update(company, owner, fields={"uscc": make_uscc("91320706", "MA1Y7K3R")})
    company.refresh_from_db()
    assert company.verification == "pending"


def test_an_amendment_notifies_everyone_with_a_draft_or_submitted_bid(
    draft, company_a, company_b, challenge
):
    _company, _user_a = company_a
    company_b_org, user_b = company_b
    withdrawn = services.bid_create(company_b_org, challenge, user_b, fields={"summary": ""})
    services.bid_withdraw(withdrawn, user_b)
    challenge.title = "工业视觉小样本缺陷检测通用模型（修订）"
    challenge.save_revision().publish()
    told = set(
        Notification.objects.filter(subject__contains="amended").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"company_a"}


def test_questions_are_answered_publicly_without_the_askers_name(company_a, challenge, publisher):
    from scenarios.selectors import public_clarifications

    _company, user = company_a
    question = services.question_ask(challenge, user, question="是否接受联合体揭榜？")
    assert list(public_clarifications(challenge)) == []
    services.question_answer(question, publisher, answer="接受，牵头单位须为企业。")
    answered = public_clarifications(challenge).get()
    assert answered.answer == "接受，牵头单位须为企业。"
    assert Notification.objects.filter(user=user, subject__contains="answered").exists()


def _forget_broker_connections(app):
    # Celery builds its connection and producer pools from broker_url on first use and keeps
    # them: both must go for a changed broker_url to take effect, and again to undo it.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Celery pointed at a port where nothing listens, as when Redis is down."""
    from celery import current_app

    conf = current_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_publish_retry)
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = (
        False,
        "redis://127.0.0.1:9/0",
        False,
    )
    _forget_broker_connections(current_app)
    yield
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = saved
    _forget_broker_connections(current_app)


def test_a_broker_outage_delays_the_email_and_loses_neither_bid_nor_message(
    draft, company_a, broker_down, django_capture_on_commit_callbacks
):
    from notifications.services import send_emails

    _company, user = company_a
    complete_bid(draft, user)
    with django_capture_on_commit_callbacks(execute=True):
        bid = services.bid_submit(draft, user)
    assert Bid.objects.get(pk=bid.pk).status == "submitted"
    pending = Notification.objects.get(user=user, subject__contains=bid.receipt_number)
    assert pending.emailed_at is None
    assert mail.outbox == []
    send_emails()  # what the periodic task does once the broker is back
    pending.refresh_from_db()
    assert pending.emailed_at is not None
    assert pending.subject in [m.subject for m in mail.outbox]


def test_a_mail_server_outage_is_counted_and_retried(draft, company_a, settings):
    from notifications.services import send_emails

    _company, user = company_a
    complete_bid(draft, user)
    bid = services.bid_submit(draft, user)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = 9, 2
    assert send_emails() == 0
    notification = Notification.objects.get(user=user, subject__contains=bid.receipt_number)
    assert (notification.email_attempts, notification.emailed_at) == (1, None)
    assert notification.email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_emails() >= 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
