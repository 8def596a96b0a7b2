"""Objections (异议) to a result notice: filed by members of verified organisations before the
deadline with checked evidence, answered by the publisher of the opportunity only, and an upheld
objection sends the decision back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import Notification
from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid
from selection import services
from selection.models import Award, Objection, ObjectionAttachment, Panel, ResultNotice
from tests.scenarios.conftest import make_company, minimal_pdf

from . import factories_notice as f

decided_panel = f.decided_panel
notice = f.notice
other_publisher = f.other_publisher

pytestmark = pytest.mark.usefixtures("messages_in_english")

REASONS = "评审打分与公开的评分细则不一致，请复核第二项指标的得分依据。"


def test_an_objection_with_evidence_is_filed_and_the_publisher_told(notice, company_b):
    evidence = SimpleUploadedFile("评分细则对照.pdf", minimal_pdf(), "application/pdf")
    objection = services.objection_file(notice, company_b[1], REASONS, [evidence])
    assert objection.company == company_b[0]
    assert objection.attachments.get().content_type == "application/pdf"
    assert Notification.objects.filter(
        user__username="publisher", subject__startswith="Objection filed"
    ).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.OBJECTION_FILED).count() == 1


def test_an_objection_after_the_deadline_is_refused(notice, company_b):
    f.end_period(notice)
    with pytest.raises(ValidationError, match="period"):
        services.objection_file(notice, company_b[1], REASONS)
    assert not Objection.objects.exists()


def test_a_fake_pdf_is_refused_and_nothing_is_filed(notice, company_b):
    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 this is a program", "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.objection_file(notice, company_b[1], REASONS, [fake])
    assert "attachments" in error.value.message_dict
    assert not Objection.objects.exists()
    assert not ObjectionAttachment.objects.exists()


def test_reasons_are_required(notice, company_b):
    with pytest.raises(ValidationError) as error:
        services.objection_file(notice, company_b[1], "不服")
    assert "reasons" in error.value.message_dict


def test_an_unverified_organisation_cannot_object(notice):
    _company, user = make_company("未认证的公司", "unverified_owner", verified=False)
    with pytest.raises(PermissionDenied):
        services.objection_file(notice, user, REASONS)


def test_an_account_of_no_organisation_cannot_object(notice, publisher):
    with pytest.raises(PermissionDenied):
        services.objection_file(notice, publisher, REASONS)


def test_a_publisher_of_another_organisation_cannot_answer(notice, company_b, other_publisher):
    objection = services.objection_file(notice, company_b[1], REASONS)
    with pytest.raises(PermissionDenied):
        services.objection_answer(objection, other_publisher, True, "维持原结果。")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.PENDING


def test_an_answer_is_required(notice, company_b, publisher):
    objection = services.objection_file(notice, company_b[1], REASONS)
    with pytest.raises(ValidationError):
        services.objection_answer(objection, publisher, False, "  ")


def test_an_answer_is_sent_to_the_objecting_organisation(notice, company_b, publisher):
    objection = services.objection_file(notice, company_b[1], REASONS)
    services.objection_answer(objection, publisher, False, "经复核，评分符合细则。")
    told = Notification.objects.get(subject__startswith="Your objection was answered")
    assert told.user == company_b[1]
    assert "经复核" in told.body


def test_an_upheld_objection_sends_the_decision_back(notice, company_b, publisher, bids):
    objection = services.objection_file(notice, company_b[1], REASONS)
    services.objection_answer(objection, publisher, True, "经复核，第二项得分有误，重新决定。")
    notice.refresh_from_db()
    panel = Panel.objects.get(pk=notice.panel_id)
    assert notice.status == ResultNotice.Status.WITHDRAWN
    assert panel.stage == Panel.Stage.DECISION
    assert not Award.objects.filter(panel=panel).exists()
    assert set(
        Bid.objects.filter(pk__in=[b.pk for b in bids]).values_list("status", flat=True)
    ) == {Bid.Status.SHORTLISTED}
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DECISION_RETURNED, bid__isnull=True
    ).exists()
    assert services.notices_finalise() == []
    # The decision can be made and published again: the withdrawn notice does not block it.
    Award.objects.create(panel=panel, bid=bids[1], rank=1, decided_by=publisher)
    assert services.notice_publish(panel, publisher).status == ResultNotice.Status.RUNNING


def test_objection_evidence_downloads_for_the_publisher_only(
    client, notice, company_b, publisher, other_publisher
):
    evidence = SimpleUploadedFile("证据.pdf", minimal_pdf(), "application/pdf")
    objection = services.objection_file(notice, company_b[1], REASONS, [evidence])
    url = reverse(
        "selection:objection_attachment", args=[objection.pk, objection.attachments.get().pk]
    )
    for user, status in ((company_b[1], 404), (other_publisher, 404), (publisher, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status


def test_the_public_page_shows_the_answer_but_not_the_objector(
    client, notice, company_b, publisher
):
    objection = services.objection_file(notice, company_b[1], REASONS)
    services.objection_answer(objection, publisher, False, "经复核，评分符合细则。")
    content = client.get(reverse("selection:notice", args=[notice.pk])).content.decode()
    assert "经复核，评分符合细则。" in content
    assert company_b[0].name not in content
    assert REASONS not in content
    client.force_login(publisher)
    page = client.get(reverse("selection:notice_objections", args=[notice.pk])).content.decode()
    assert company_b[0].name in page
    assert REASONS in page


def test_an_organisation_files_an_objection_through_the_page(client, notice, company_b):
    client.force_login(company_b[1])
    response = client.post(
        reverse("selection:objection_create", args=[notice.pk]),
        {"reasons": REASONS, "attachments": [SimpleUploadedFile("a.pdf", minimal_pdf())]},
    )
    assert response.status_code == 302
    assert Objection.objects.get().attachments.count() == 1


def test_the_publisher_answers_through_the_page(client, notice, company_b, publisher):
    objection = services.objection_file(notice, company_b[1], REASONS)
    client.force_login(publisher)
    prefix = f"answer-{objection.pk}"
    response = client.post(
        reverse("selection:notice_objections", args=[notice.pk]),
        {"objection": objection.pk, f"{prefix}-upheld": "0", f"{prefix}-answer": "维持原结果。"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == Objection.Status.REJECTED


def test_reopening_returns_each_bid_to_where_the_decision_found_it(
    notice, company_b, publisher, bids
):
    audit(
        AuditEvent.Action.BID_NOT_SELECTED,
        publisher,
        bid=bids[1],
        from_state=Bid.Status.SUBMITTED,
        to_state=Bid.Status.NOT_SELECTED,
    )
    objection = services.objection_file(notice, company_b[1], REASONS)
    services.objection_answer(objection, publisher, True, "经复核，重新决定。")
    assert Bid.objects.get(pk=bids[1].pk).status == Bid.Status.SUBMITTED
    assert Bid.objects.get(pk=bids[0].pk).status == Bid.Status.SHORTLISTED
