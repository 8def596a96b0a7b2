"""Inviting a likely solver to bid: only the opportunity's publisher, only verified
organisations, once; the organisation's members are notified once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from matching.models import Invitation
from matching.services import invitation_send
from notifications.models import Notification
from scenarios.models import AuditEvent, PublisherMembership
from tests.factories import OrganizationFactory
from tests.scenarios.conftest import make_company

pytestmark = pytest.mark.django_db


def test_the_publisher_invites_a_verified_organisation_and_it_is_notified_once(
    publisher, challenge, company_a
):
    company, member = company_a
    invitation_send(publisher, challenge, company)
    with pytest.raises(ValidationError):
        invitation_send(publisher, challenge, company)
    assert Invitation.objects.filter(opportunity=challenge, company=company).count() == 1
    notes = Notification.objects.filter(user=member, subject__contains=challenge.title)
    assert notes.count() == 1
    assert challenge.title in notes.get().subject
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.BID_INVITED, company=company, opportunity_id=challenge.pk
    ).exists()


def test_another_publisher_may_not_invite(challenge, company_a):
    other = get_user_model().objects.create_user("other-publisher", "o@example.cn", "x")
    PublisherMembership.objects.create(user=other, organization=OrganizationFactory())
    with pytest.raises(PermissionDenied):
        invitation_send(other, challenge, company_a[0])
    assert not Invitation.objects.exists()
    assert not Notification.objects.filter(subject__contains=challenge.title).exists()


def test_an_unverified_organisation_cannot_be_invited(publisher, challenge, admin):
    pending, _user = make_company("待审核单位", "pending_owner", verified=False)
    with pytest.raises(ValidationError):
        invitation_send(publisher, challenge, pending)
    assert not Invitation.objects.exists()


def test_the_likely_solvers_page_invites_once_and_refuses_other_publishers(
    client, publisher, challenge, company_a, dictionary
):
    company, _member = company_a
    company.capability_keywords = ["缺陷检测", "机器视觉"]
    company.save()
    challenge.keywords.add("缺陷检测")
    challenge.save_revision().publish()
    challenge.refresh_from_db()
    client.force_login(publisher)
    page = client.get(reverse("matching:solvers")).content.decode()
    assert company.name in page
    assert "邀请揭榜" in page
    url = reverse("matching:invite", args=[challenge.pk, company.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # the second is refused with a message
    assert Invitation.objects.count() == 1
    assert "已邀请" in client.get(reverse("matching:solvers")).content.decode()
    other = get_user_model().objects.create_user("other-publisher", "o@example.cn", "x")
    PublisherMembership.objects.create(user=other, organization=OrganizationFactory())
    client.force_login(other)
    assert client.post(url).status_code == 404
