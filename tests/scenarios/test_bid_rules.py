"""Rules the services keep whoever calls them: a withdrawn bid keeps its files, only the
publisher answers (and a revised answer keeps the earlier one), tokens are audited, and a
renamed organisation's bids wait for it to be verified again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import APIToken

from notifications.models import Notification
from scenarios import services
from scenarios.models import AuditEvent, Bid, Clarification

from .conftest import complete_bid, minimal_pdf

pytestmark = pytest.mark.usefixtures("messages_in_english")


@pytest.fixture
def draft(company_a, challenge):
    company, user = company_a
    return services.bid_create(company, challenge, user, fields={"summary": ""})


def test_a_file_cannot_be_removed_from_a_withdrawn_bid(draft, company_a):
    _company, user = company_a
    attachment = services.attachment_add(
        draft, user, SimpleUploadedFile("plan.pdf", minimal_pdf(), "application/pdf")
    )
    services.bid_withdraw(draft, user)
    attachment.refresh_from_db()
    with pytest.raises(ValidationError, match="withdrawn bid cannot change"):
        services.attachment_remove(attachment, user)
    assert draft.attachments.count() == 1


@pytest.fixture
def question(company_a, challenge):
    _company, user = company_a
    return services.question_ask(challenge, user, question="样本数量下限是多少？")


def test_only_the_publisher_of_the_opportunity_answers(question, company_b, reviewer, admin):
    for outsider in (company_b[1], reviewer, admin):
        with pytest.raises(PermissionDenied):
            services.question_answer(question, outsider, answer="随便答")
    question.refresh_from_db()
    assert not question.is_answered


def test_a_revised_answer_keeps_the_earlier_one_and_says_it_was_revised(
    question, publisher, company_a
):
    _company, asker = company_a
    services.question_answer(question, publisher, answer="不少于50张。")
    services.question_answer(question, publisher, answer="不少于50张。")  # unchanged: nothing
    services.question_answer(question, publisher, answer="不少于30张。")
    question.refresh_from_db()
    assert question.answer == "不少于30张。"
    assert [r.answer for r in question.answer_revisions.all()] == ["不少于50张。"]
    subjects = list(
        Notification.objects.filter(user=asker, subject__contains="question")
        .order_by("pk")
        .values_list("subject", flat=True)
    )
    assert len(subjects) == 2
    assert "was answered" in subjects[0]
    assert "was revised" in subjects[1]
    actions = AuditEvent.objects.filter(company=question.company).values_list("action", flat=True)
    assert sorted(a for a in actions if a.startswith("question_answer")) == [
        "question_answer_revised",
        "question_answered",
    ]


def test_tokens_are_created_and_revoked_through_audited_services(client, company_a):
    _company, user = company_a
    client.force_login(user)
    client.post("/account/tokens/", {"name": "ERP"})
    token = APIToken.objects.get(user=user)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    actions = list(
        AuditEvent.objects.filter(actor=user).order_by("pk").values_list("action", flat=True)
    )
    assert actions[-2:] == ["token_created", "token_revoked"]


def test_another_accounts_token_cannot_be_revoked(company_a, company_b):
    token, _key = APIToken.create_token(user=company_a[1], name="ERP")
    with pytest.raises(PermissionDenied):
        services.token_revoke(token, company_b[1])


def test_a_renamed_organisation_keeps_its_submitted_bid_as_verified_until_checked_again(
    draft, company_a, admin
):
    company, user = company_a
    complete_bid(draft, user)
    services.bid_submit(draft, user)
    verified_name = company.name
    services.company_update(company, user, fields={"name": "改名后的未核验公司"})
    company.refresh_from_db()
    assert company.verification == "pending"
    draft.refresh_from_db()
    assert draft.bidder_name == verified_name  # the publisher reads who was verified
    with pytest.raises(ValidationError, match="not been verified"):
        services.bid_update(draft, user, fields={"team": "新团队"})
    with pytest.raises(ValidationError, match="not been verified"):
        services.attachment_add(
            draft, user, SimpleUploadedFile("plan.pdf", minimal_pdf(), "application/pdf")
        )
    # Verified again, the bid may change, and the next submission carries the new name.
    services.company_verify(company, admin, approve=True)
    services.bid_update(draft, user, fields={"team": "新团队"})
    assert Bid.objects.get(pk=draft.pk).team == "新团队"


def test_a_renamed_organisation_may_still_withdraw(draft, company_a):
    company, user = company_a
    services.company_update(company, user, fields={"name": "改名后的未核验公司"})
    services.bid_withdraw(draft, user)
    assert Bid.objects.get(pk=draft.pk).status == "withdrawn"


def test_answering_keeps_the_asker_anonymous_on_the_page(question, publisher, client):
    services.question_answer(question, publisher, answer="不少于50张。")
    page = client.get(question.opportunity.url)
    assert "不少于50张。" in page.content.decode()
    assert Clarification.objects.get(pk=question.pk).company.name not in page.content.decode()
