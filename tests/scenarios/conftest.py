"""Fixtures of the bidding tests: a list with an open and a closed challenge, verified
organisations with their owners, a publisher account, and files to upload."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from cms.models import ChallengeTarget, Organization
from cms.services import publisher_section_sync
from scenarios import services
from scenarios.models import Company, Membership, PublisherMembership
from scenarios.validators import make_uscc
from tests.factories import ChallengePageFactory, OpportunityListPageFactory, OrganizationFactory


@pytest.fixture
def messages_in_english():
    """For modules that assert messages in English; their Chinese is checked by the page tests."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def publisher_org(db):
    return OrganizationFactory(name="海州区科学技术局", kind=Organization.Kind.GOVERNMENT)


@pytest.fixture
def list_page(home_page, publisher_org):
    return OpportunityListPageFactory(
        parent=publisher_section_sync(publisher_org), publisher=publisher_org
    )


def _challenge(list_page, deadline, title):
    challenge = ChallengePageFactory(
        parent=list_page, title=title, application_deadline=deadline, bounty_wan=120
    )
    ChallengeTarget.objects.create(
        page=challenge, indicator="检测准确率", target_value="≥99", unit="%"
    )
    ChallengeTarget.objects.create(
        page=challenge, indicator="单张推理时间", target_value="≤50", unit="ms"
    )
    return challenge


@pytest.fixture
def challenge(list_page):
    return _challenge(
        list_page, timezone.now() + timedelta(days=20), "工业视觉小样本缺陷检测通用模型"
    )


@pytest.fixture
def closed_challenge(list_page):
    return _challenge(
        list_page, timezone.now() + timedelta(days=20), "一次性电子内窥镜成像模组国产化降本"
    )


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.cn", "x")


_serial = iter(range(10_000_000, 99_999_999))


def make_company(name, username, verified=True, moderator=None, kind=Company.Kind.ENTERPRISE):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.cn", "demo-pass-2025"
    )
    company = Company.objects.create(
        name=name, kind=kind, uscc=make_uscc("91320706", f"{next(_serial):08d}")
    )
    Membership.objects.create(user=user, company=company, role=Membership.Role.OWNER)
    if verified:
        moderator = moderator or get_user_model().objects.filter(is_superuser=True).first()
        if moderator is None:
            moderator = get_user_model().objects.create_superuser("moderator-admin", "", "x")
        services.company_verify(company, moderator, approve=True)
        company.refresh_from_db()
    return company, user


@pytest.fixture
def company_a(db, admin):
    return make_company("连云港云眸智能视觉科技有限公司", "company_a")


@pytest.fixture
def company_b(db, admin):
    return make_company("江苏海洋大学智能感知研究团队", "company_b")


@pytest.fixture
def publisher(publisher_org):
    user = get_user_model().objects.create_user("publisher", "publisher@example.cn", "x")
    PublisherMembership.objects.create(user=user, organization=publisher_org)
    return user


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user("reviewer_1", "reviewer@example.cn", "x")


def complete_bid(bid, user, **fields):
    """Fill in what submission needs: summary, approach and every committed target value."""
    return services.bid_update(
        bid,
        user,
        fields={"summary": "基于少样本元学习的缺陷检测", "approach": "三阶段技术路线。", **fields},
        target_responses={
            response.pk: {"committed_value": "达到", "approach": "见方案"}
            for response in bid.target_responses.all()
        },
        milestones=[{"month": 3, "deliverable": "样机"}],
    )


def close(opportunity, seconds_ago=60):
    """Move an opportunity's deadline into the past, as time passing would (by default further
    than the queue window, so that the bids are open to the publisher)."""
    type(opportunity).objects.filter(pk=opportunity.pk).update(
        application_deadline=timezone.now() - timedelta(seconds=seconds_ago)
    )
    opportunity.refresh_from_db()


def minimal_pdf(pages=1, extra=b""):
    """A small valid PDF written with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue() + extra
