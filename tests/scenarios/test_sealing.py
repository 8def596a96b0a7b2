"""Sealed means sealed: before the deadline (and the queue window) nobody outside the bidding
organisation reads a bid or learns who bid, not even the platform's admin or an account with
`view_bid`. Staff see counts; a break-glass read needs a recorded reason, is audited, tells the
bidder and lasts a short while for one account and one bid. After the deadline staff read bids as
before, each reading audited."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from notifications.models import Notification
from scenarios import services
from scenarios.models import AuditEvent

from .conftest import close, complete_bid, minimal_pdf

SECRET = "SEALED-APPROACH-5d1e"
DRAFT_SECRET = "SEALED-DRAFT-0b7a"
FILE_NAME = "核心算法说明.pdf"
REASON = "企业来电（工单 2025-118）称附件上传后无法打开，需要核对附件内容。"


@pytest.fixture
def staff(db):
    """A support account with `view_bid` and admin access, not a superuser."""
    user = get_user_model().objects.create_user("support_1", "support@example.cn", "x")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["scenarios", "wagtailadmin"],
            codename__in=["view_bid", "view_auditevent", "view_company", "access_admin"],
        )
    )
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def sealed(company_a, company_b, challenge):
    """company_a's submitted bid with a file, and company_b's draft, on an open challenge."""
    (company, user), (other, user_b) = company_a, company_b
    bid = services.bid_create(company, challenge, user, fields={"summary": ""})
    complete_bid(bid, user, approach=SECRET)
    attachment = services.attachment_add(
        bid, user, SimpleUploadedFile(FILE_NAME, minimal_pdf(), "application/pdf")
    )
    services.bid_submit(bid, user)
    draft = services.bid_create(other, challenge, user_b, fields={"summary": DRAFT_SECRET})
    bid.refresh_from_db()
    return {"bid": bid, "attachment": attachment, "draft": draft, "bidder": user}


def _text(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace")


@pytest.fixture(params=["admin", "staff"])
def reader(request, admin, staff):
    return {"admin": admin, "staff": staff}[request.param]


def test_staff_cannot_read_a_sealed_bid_or_draft_on_the_site(client, reader, sealed):
    client.force_login(reader)
    bid, draft, attachment = sealed["bid"], sealed["draft"], sealed["attachment"]
    for url in (
        f"/bids/{bid.pk}/",
        f"/bids/{draft.pk}/",
        f"/bids/{bid.pk}/attachments/{attachment.pk}/",
    ):
        response = client.get(url)
        text = _text(response)
        assert response.status_code == 302, url
        assert response.url.endswith("/break-glass/"), url
        assert SECRET not in text
        assert DRAFT_SECRET not in text
        assert "%PDF" not in text
    page = _text(client.get(f"/bids/{bid.pk}/", follow=True))
    assert bid.company.name not in page
    assert SECRET not in page
    assert FILE_NAME not in page
    assert not AuditEvent.objects.filter(
        action__in=["bid_viewed_by_staff", "bid_break_glass"]
    ).exists()


def test_staff_cannot_read_sealed_bids_in_the_admin(client, reader, sealed):
    client.force_login(reader)
    bid = sealed["bid"]
    for url in (
        "/admin/bidding/audit/",
        f"/admin/bidding/organisations/inspect/{bid.company_id}/",
        "/admin/bidding/bid-counts/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        assert SECRET not in text
        assert FILE_NAME not in text
        assert bid.receipt_number not in text
    # Bids are in no admin: neither Wagtail's nor Django's.
    assert client.get(f"/django-admin/scenarios/bid/{bid.pk}/change/").status_code in (302, 404)
    assert client.get("/admin/snippets/scenarios/bid/").status_code == 404


def test_the_bid_counts_give_numbers_not_names(client, staff, sealed, challenge):
    client.force_login(staff)
    assert "/admin/bidding/bid-counts/" in _text(client.get("/admin/"))  # in staff's menu
    text = _text(client.get("/admin/bidding/bid-counts/"))
    row = text[text.index(challenge.title) :].split("</tr>")[0]
    assert [cell.split("<")[0].strip() for cell in row.split("<td>")[2:]] == ["1", "1", "0"]
    assert sealed["bid"].company.name not in text
    assert sealed["draft"].company.name not in text


def test_the_bid_counts_are_for_staff_only(client, publisher, sealed):
    client.force_login(publisher)  # in the Wagtail admin through its organisation's group
    response = client.get("/admin/bidding/bid-counts/")
    assert response.status_code in (302, 403)
    assert "bid-counts" not in _text(client.get("/admin/"))


def test_break_glass_with_a_reason_opens_the_bid_audits_it_and_tells_the_bidder(
    client, reader, sealed, django_capture_on_commit_callbacks
):
    bid, attachment = sealed["bid"], sealed["attachment"]
    client.force_login(reader)
    assert SECRET not in _text(client.get(f"/bids/{bid.pk}/break-glass/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bids/{bid.pk}/break-glass/", {"reason": REASON})
    assert response.status_code == 302
    assert response.url == f"/bids/{bid.pk}/"

    page = client.get(f"/bids/{bid.pk}/")
    assert page.status_code == 200
    assert SECRET in _text(page)
    download = client.get(f"/bids/{bid.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert _text(download).startswith("%PDF")

    grant = AuditEvent.objects.get(action="bid_break_glass")
    assert (grant.actor, grant.bid, grant.detail["reason"]) == (reader, bid, REASON)
    assert grant.actor_name == reader.get_username()
    assert AuditEvent.objects.filter(action="bid_viewed_by_staff", actor=reader).count() == 2
    told = Notification.objects.get(user=sealed["bidder"], body__contains=REASON)
    assert reader.get_username() in told.body
    assert told.url == f"/bids/{bid.pk}/"
    # The bidder's own page lists the opening in the bid's history.
    client.force_login(sealed["bidder"])
    history = _text(client.get(f"/bids/{bid.pk}/"))
    assert reader.get_username() in history.split('id="history-heading"')[1]


@pytest.mark.parametrize("reason", ["", "   ", "看一下附件", "check it please", "x" * 19])
def test_a_break_glass_reason_that_is_too_short_is_refused(client, admin, sealed, reason):
    bid = sealed["bid"]
    client.force_login(admin)
    response = client.post(f"/bids/{bid.pk}/break-glass/", {"reason": reason})
    assert response.status_code == 200
    assert SECRET not in _text(response)
    assert client.get(f"/bids/{bid.pk}/").status_code == 302
    with pytest.raises(ValidationError) as refused:
        services.bid_break_glass_open(bid, admin, reason=reason)
    assert "reason" in refused.value.error_dict
    assert not AuditEvent.objects.filter(action="bid_break_glass").exists()
    assert not Notification.objects.filter(user=sealed["bidder"], body__contains="staff").exists()


def test_a_break_glass_grant_is_for_one_bid_one_account_and_half_an_hour(
    client, admin, staff, sealed
):
    bid, draft = sealed["bid"], sealed["draft"]
    grant = services.bid_break_glass_open(bid, admin, reason=REASON)
    client.force_login(admin)
    assert client.get(f"/bids/{bid.pk}/").status_code == 200
    assert client.get(f"/bids/{draft.pk}/").status_code == 302  # another bid
    client.force_login(staff)
    assert client.get(f"/bids/{bid.pk}/").status_code == 302  # another account
    AuditEvent.objects.filter(pk=grant.pk).update(at=grant.at - timedelta(minutes=31))
    client.force_login(admin)
    assert client.get(f"/bids/{bid.pk}/").status_code == 302  # expired


def test_only_staff_break_the_glass_and_only_while_sealed(
    client, company_b, publisher, reviewer, admin, sealed, challenge
):
    bid = sealed["bid"]
    for user in (company_b[1], publisher, reviewer):
        client.force_login(user)
        assert client.get(f"/bids/{bid.pk}/break-glass/").status_code == 404
        assert client.post(f"/bids/{bid.pk}/break-glass/", {"reason": REASON}).status_code == 404
        with pytest.raises(PermissionDenied):
            services.bid_break_glass_open(bid, user, reason=REASON)
    with pytest.raises(PermissionDenied):  # the bidder reads its own bid as it is
        services.bid_break_glass_open(bid, sealed["bidder"], reason=REASON)
    close(challenge)
    client.force_login(admin)
    assert client.get(f"/bids/{bid.pk}/break-glass/").status_code == 404
    with pytest.raises(ValidationError):
        services.bid_break_glass_open(bid, admin, reason=REASON)
    assert not AuditEvent.objects.filter(action="bid_break_glass").exists()


def _csv_rows(client):
    response = client.get("/admin/bidding/audit/?export=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(_text(response))))


def _xlsx_rows(client):
    response = client.get("/admin/bidding/audit/?export=xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.values]


def test_the_audit_trail_and_its_exports_reveal_no_bidder_while_sealed(
    client, reader, sealed, challenge
):
    bid = sealed["bid"]
    sha256 = AuditEvent.objects.get(action="bid_attachment_added").detail["sha256"]
    bidders = {sealed["bidder"].get_username(), sealed["draft"].created_by.get_username()}
    sealed_marks = [FILE_NAME, sha256, bid.receipt_number, *bidders]
    client.force_login(reader)

    page = _text(client.get("/admin/bidding/audit/"))
    csv_rows, xlsx_rows = _csv_rows(client), _xlsx_rows(client)
    for rows in (csv_rows, xlsx_rows):
        cells = " ".join(" ".join(row) for row in rows)
        assert not [mark for mark in sealed_marks if mark in cells]
        bid_column = rows[0].index(next(h for h in rows[0] if h.lower() in ("bid", "申报")))
        assert all(row[bid_column] == "" for row in rows[1:])
        # Organisation-level events stay: both organisations' verifications are listed.
        assert bid.company.name in cells
    assert not [mark for mark in sealed_marks if mark in page]
    for event in AuditEvent.objects.filter(bid__isnull=False):
        assert client.get(f"/admin/bidding/audit/inspect/{event.pk}/").status_code == 404

    close(challenge)
    cells = " ".join(" ".join(row) for row in _csv_rows(client))
    assert FILE_NAME in cells
    assert sha256 in cells
    assert bid.receipt_number in cells
    event = AuditEvent.objects.get(action="bid_submitted")
    assert client.get(f"/admin/bidding/audit/inspect/{event.pk}/").status_code == 200


def test_after_the_deadline_staff_read_bids_as_before_each_reading_audited(
    client, reader, sealed, challenge
):
    bid, attachment = sealed["bid"], sealed["attachment"]
    close(challenge)
    client.force_login(reader)
    response = client.get(f"/bids/{bid.pk}/")
    assert response.status_code == 200
    assert SECRET in _text(response)
    assert client.get(f"/bids/{bid.pk}/attachments/{attachment.pk}/").status_code == 200
    assert client.get(f"/bids/{sealed['draft'].pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="bid_viewed_by_staff", actor=reader).count() == 3
    assert not AuditEvent.objects.filter(action="bid_break_glass").exists()


def test_a_break_glass_line_joins_the_trail_when_the_deadline_passes(
    client, admin, staff, sealed, challenge
):
    services.bid_break_glass_open(sealed["bid"], admin, reason=REASON)
    client.force_login(staff)
    assert REASON not in " ".join(" ".join(row) for row in _csv_rows(client))
    close(challenge)
    assert REASON in " ".join(" ".join(row) for row in _csv_rows(client))
