"""Sign-up, the credit code check, log-in rate limiting, members, tokens and the audit export."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import APIToken

from scenarios import services
from scenarios.models import AuditEvent, Company, Membership
from scenarios.validators import validate_uscc

from .conftest import minimal_pdf

pytestmark = pytest.mark.usefixtures("messages_in_english")


# Codes of well-known companies, as printed on their public business licences.
REAL_CODES = ["91110000802100433B", "91440300708461136T", "91330100716105852F"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_are_accepted(code):
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("9111000080210043", "has 18 characters; this one has 16"),
        ("91110000802100433I", "Character(s) I cannot appear"),
        ("91AB0000802100433B", "Characters 3 to 8 are the administrative division code"),
        ("911100008021004X3B", "Character 17 (the check character of the organisation code)"),
        ("91110000802100433C", "should be B, not C"),
    ],
)
def test_a_wrong_credit_code_is_refused_saying_what_is_wrong(code, problem):
    with pytest.raises(ValidationError) as refused:
        validate_uscc(code)
    assert problem in refused.value.messages[0]


def signup_data(**overrides):
    return {
        "username": "newcomer",
        "email": "newcomer@example.cn",
        "password1": "Lianyungang-2026!",
        "password2": "Lianyungang-2026!",
        "company_name": "连云港新材料科技有限公司",
        "kind": "enterprise",
        "uscc": "９１１１００００８０２１００４３３ｂ",  # full width and lower case, as pasted
        **overrides,
    }


def test_signup_creates_the_owner_and_an_organisation_awaiting_verification(client, db):
    response = client.post("/account/signup/", signup_data())
    assert response.status_code == 302
    company = Company.objects.get()
    assert (company.uscc, company.verification) == ("91110000802100433B", "pending")
    membership = Membership.objects.get()
    assert (membership.user.username, membership.role) == ("newcomer", "owner")
    assert AuditEvent.objects.filter(action="company_registered", company=company).exists()


def test_signup_names_the_field_and_the_problem_in_the_visitors_language(client, db):
    data = signup_data(uscc="91110000802100433C", password2="other")
    chinese = client.post("/account/signup/", data).context["form"].errors
    assert "最后一位（校验码）应为 B，而不是 C" in chinese["uscc"][0]
    response = client.post("/account/signup/", data, headers={"Accept-Language": "en"})
    errors = response.context["form"].errors
    assert "should be B, not C" in errors["uscc"][0]
    assert "password2" in errors
    assert not Company.objects.exists()
    body = response.content.decode()
    assert 'aria-invalid="true"' in body


def test_a_registered_organisation_without_a_code_must_be_a_team(client, db):
    response = client.post(
        "/account/signup/", signup_data(uscc=""), headers={"Accept-Language": "en"}
    )
    assert (
        "must give their unified social credit code" in response.context["form"].errors["uscc"][0]
    )
    response = client.post("/account/signup/", signup_data(uscc="", kind="team"))
    assert response.status_code == 302


def test_weak_passwords_are_refused_by_djangos_validators(client, db):
    response = client.post(
        "/account/signup/", signup_data(password1="12345678", password2="12345678")
    )
    assert "password2" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_login_attempts_are_rate_limited(client, company_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/account/login/", {"username": "company_a", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/account/login/", {"username": "company_a", "password": "wrong"})
    assert response.status_code == 429
    response = client.post(
        "/account/login/", {"username": "company_a", "password": "demo-pass-2025"}
    )
    assert response.status_code == 429  # even the right password, until the cool-off ends
    assert "登录失败次数过多" in response.content.decode()
    other_account = client.post("/account/login/", {"username": "company_b", "password": "x"})
    assert other_account.status_code == 200


def test_a_correct_login_goes_to_the_account(client, company_a):
    response = client.post(
        "/account/login/", {"username": "company_a", "password": "demo-pass-2025"}
    )
    assert response.status_code == 302
    assert response.url == "/account/"
    assert "连云港云眸" in client.get("/account/").content.decode()


def test_the_owner_adds_a_member_and_a_member_cannot(client, company_a):
    company, owner = company_a
    client.force_login(owner)
    response = client.post(
        "/account/members/",
        {"username": "engineer", "email": "eng@example.cn", "password": "Lianyungang-2026!"},
    )
    assert response.status_code == 302
    member = get_user_model().objects.get(username="engineer")
    assert member.membership.company == company
    assert member.membership.role == "member"
    client.force_login(member)
    assert client.get("/account/members/").status_code == 403


def test_a_token_is_shown_once_and_authenticates_the_api(client, company_a):
    client.force_login(company_a[1])
    response = client.post("/account/tokens/", {"name": "ERP"})
    key = response.context["new_key"]
    assert key
    assert key in response.content.decode()
    assert key not in client.get("/account/tokens/").content.decode()
    client.logout()
    answer = client.get("/api/v1/bids", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200
    assert answer.json() == []
    assert client.get("/api/v1/bids", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_staff_export_the_audit_trail_as_csv(client, admin, company_a):
    client.force_login(admin)
    response = client.get("/admin/bidding/audit/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "company_verified" in body or "Organisation verified" in body
    assert "admin" in body


def test_a_moderator_verifies_through_the_admin_and_it_is_audited(client, admin):
    from .conftest import make_company

    company, _owner = make_company("待核验材料有限公司", "pending_owner", verified=False)
    client.force_login(admin)
    response = client.post(
        f"/admin/bidding/organisations/edit/{company.pk}/",
        {"verification": "verified", "verification_note": "营业执照核验一致"},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.verification == "verified"
    assert company.verified_by == admin
    event = AuditEvent.objects.get(company=company, action="company_verified")
    assert (event.actor_name, event.from_state, event.to_state) == ("admin", "pending", "verified")


def test_a_moderator_reads_the_certificates_the_owner_uploaded(client, company_a, company_b):
    company, owner = company_a
    client.force_login(owner)
    response = client.post(
        "/account/profile/certificates/",
        {"title": "营业执照", "file": SimpleUploadedFile("执照.pdf", minimal_pdf(), "text/plain")},
    )
    assert response.status_code == 302
    certificate = company.certificates.get()
    assert (certificate.title, certificate.original_name) == ("营业执照", "执照.pdf")
    assert "营业执照" in client.get("/account/profile/").content.decode()
    assert AuditEvent.objects.filter(company=company, action="certificate_added").exists()

    moderator = get_user_model().objects.create_user("moderator", "mod@example.cn", "x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    verify_page = client.get(f"/admin/bidding/organisations/edit/{company.pk}/")
    download_url = f"/account/profile/certificates/{certificate.pk}/"
    assert download_url in verify_page.content.decode()
    assert (
        download_url
        in client.get(f"/admin/bidding/organisations/inspect/{company.pk}/").content.decode()
    )
    download = client.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    client.force_login(company_b[1])
    assert client.get(download_url).status_code == 404


def test_a_certificate_that_is_not_what_it_claims_is_refused(client, company_a):
    company, owner = company_a
    client.force_login(owner)
    response = client.post(
        "/account/profile/certificates/",
        {"title": "资质证书", "file": SimpleUploadedFile("证书.pdf", b"MZ" + b"\0" * 400)},
        follow=True,
        headers={"Accept-Language": "en"},
    )
    text = " ".join(str(message) for message in response.context["messages"])
    assert "证书.pdf was refused" in text
    assert "application/x-msdownload" in text
    assert not company.certificates.exists()


def test_a_removed_member_can_no_longer_log_in_or_use_a_token(client, company_a):
    company, owner = company_a
    member = services.member_add(
        company, owner, username="leaver", email="l@example.cn", password="Leaver-pass-2026"
    )
    _token, key = APIToken.create_token(user=member, name="ERP")
    api = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/bids", headers=api).status_code == 200
    client.force_login(owner)
    response = client.post(f"/account/members/{member.membership.pk}/remove/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert not Membership.objects.filter(user=member).exists()
    client.logout()
    assert client.get("/api/v1/bids", headers=api).status_code == 401
    login = client.post("/account/login/", {"username": "leaver", "password": "Leaver-pass-2026"})
    assert login.status_code == 200  # the form again, not the account
    event = AuditEvent.objects.get(company=company, action="member_removed")
    assert (event.actor_name, event.detail["member"]) == (owner.username, "leaver")


def test_the_owner_hands_over_to_a_long_username_and_stays_a_member(client, company_a, postgres):
    """A 30-character username was a 500 on PostgreSQL: it went into the 16-character state
    columns of the audit trail."""
    company, owner = company_a
    successor = "successor_with_a_long_name_30c"
    assert len(successor) == 30
    member = services.member_add(
        company, owner, username=successor, email="s@example.cn", password="Successor-2026!"
    )
    with pytest.raises(ValidationError, match="owner cannot be removed"):
        services.member_remove(company, owner, owner.membership)
    client.force_login(owner)
    response = client.post(f"/account/members/{member.membership.pk}/make-owner/")
    assert response.status_code == 302
    roles = dict(company.memberships.values_list("user__username", "role"))
    assert roles == {owner.username: "member", successor: "owner"}
    assert client.get("/account/members/").status_code == 403  # no longer the owner
    event = AuditEvent.objects.get(company=company, action="ownership_transferred")
    assert (event.detail["from_owner"], event.detail["to_owner"]) == (owner.username, successor)


def test_the_audit_trail_in_the_admin_shows_states_in_chinese(client, admin, company_a):
    client.force_login(admin)
    html = client.get("/admin/bidding/audit/", headers={"Accept-Language": "zh-hans"})
    cells = "".join(html.content.decode().split())  # "<td > verified </td>" -> "<td>verified</td>"
    assert "<td>已认证</td>" in cells
    assert "<td>verified</td>" not in cells
    assert "<td>pending</td>" not in cells
