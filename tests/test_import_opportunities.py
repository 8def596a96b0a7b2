"""``import_opportunities``: spreadsheets become pages; bad rows are named; re-import updates."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from cms.models import ChallengePage, Domain, OpportunityListPage, OpportunityPage, ScenarioPage

pytestmark = pytest.mark.django_db

HEADER = [
    "ref", "kind", "title", "publisher", "domain", "region", "description",
    "budget_wan", "deadline", "keywords", "source_url",
]  # fmt: skip
GOOD_ROWS = [
    [
        "JB-2030-017", "challenge", "高硼硅特种玻璃熔窑节能技术攻关", "海安某特种玻璃有限公司",
        "新材料/特种玻璃", "海安高新区", "熔窑单位产品能耗偏高。\n目标降低20%。", "300",
        "2030-03-31", "熔窑、节能,AI", "https://example.gov.cn/jb017",
    ],
    [
        "CJ-2030-001", "scenario", "主干道智慧路灯车路协同场景", "海州区工业和信息化局",
        "数字经济", "海州区", "在主干道部署多功能智慧路灯。", "120", "2030-01-15",
        "智慧路灯、车路协同", "",
    ],
]  # fmt: skip
BAD_ROWS = [
    ["CJ-2030-002", "scenario", "预算不是数字", "海州区工业和信息化局", "数字经济", "海州区", "描述", "一百", "2030-01-15", "", ""],
    ["CJ-2030-003", "tender", "类型错误", "海州区工业和信息化局", "数字经济", "海州区", "描述", "1", "2030-01-15", "", ""],
    ["CJ-2030-004", "scenario", "日期错误", "海州区工业和信息化局", "数字经济", "海州区", "描述", "1", "2030-13-15", "", ""],
    ["", "scenario", "没有编号", "海州区工业和信息化局", "数字经济", "海州区", "描述", "1", "2030-01-15", "", ""],
]  # fmt: skip


def write_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        values = list(row)
        values[7] = float(values[7])  # spreadsheets hold numbers and dates, not text
        values[8] = datetime.fromisoformat(values[8])
        sheet.append(values)
    workbook.save(path)
    return path


def write_json(path, rows):
    path.write_text(json.dumps([dict(zip(HEADER, row, strict=True)) for row in rows]), "utf-8")
    return path


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_opportunities", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_rows_become_draft_pages_under_a_new_list(home_page, tmp_path):
    out, _ = run_import(
        write_csv(tmp_path / "list.csv", GOOD_ROWS), "--list", "2030年第一批机会清单"
    )

    list_page = OpportunityListPage.objects.get(title="2030年第一批机会清单")
    section = list_page.get_parent().specific  # the publisher's section, under the home page
    assert section.organization == list_page.publisher
    assert section.get_parent().specific == home_page
    assert "2 created" in out
    challenge = ChallengePage.objects.child_of(list_page).get(ref="JB-2030-017")
    assert challenge.live is False
    assert challenge.title == "高硼硅特种玻璃熔窑节能技术攻关"
    assert challenge.issuer.name == "海安某特种玻璃有限公司"
    assert challenge.bounty_wan == 300
    assert challenge.region.name == "海安高新区"
    assert challenge.source_url == "https://example.gov.cn/jb017"
    assert sorted(challenge.keywords.names()) == ["AI", "熔窑", "节能"]
    domain = challenge.domains.get()
    assert (domain.parent.name, domain.name) == ("新材料", "特种玻璃")
    deadline = timezone.localtime(challenge.application_deadline)
    assert (deadline.date().isoformat(), deadline.hour, deadline.minute) == ("2030-03-31", 23, 59)
    assert "熔窑单位产品能耗偏高" in challenge.problem

    scenario = ScenarioPage.objects.child_of(list_page).get(ref="CJ-2030-001")
    assert (scenario.budget_min_wan, scenario.budget_max_wan) == (120, 120)
    assert scenario.publisher.name == "海州区工业和信息化局"
    assert scenario.description[0].block_type == "paragraph"


def test_publish_flag_publishes_the_list_and_its_pages(home_page, tmp_path):
    run_import(write_csv(tmp_path / "list.csv", GOOD_ROWS), "--list", "清单", "--publish")
    assert OpportunityListPage.objects.get(title="清单").live
    assert OpportunityPage.objects.live().count() == 2


@pytest.mark.parametrize("writer", [write_xlsx, write_json], ids=["xlsx", "json"])
def test_xlsx_and_json_import_like_csv(home_page, tmp_path, writer):
    path = writer(tmp_path / f"list.{writer.__name__.removeprefix('write_')}", GOOD_ROWS)
    run_import(path, "--list", "清单")
    challenge = ChallengePage.objects.get(ref="JB-2030-017")
    assert challenge.bounty_wan == 300
    assert timezone.localtime(challenge.application_deadline).date().isoformat() == "2030-03-31"
    assert ScenarioPage.objects.get(ref="CJ-2030-001").budget_max_wan == 120


def test_bad_rows_are_reported_by_row_number_and_the_rest_import(home_page, tmp_path):
    out, err = run_import(write_csv(tmp_path / "list.csv", GOOD_ROWS + BAD_ROWS), "--list", "清单")

    assert "row 4: budget_wan: '一百' is not a number" in err
    assert "row 5: kind: 'tender' must be 'scenario' or 'challenge'" in err
    assert "row 6: deadline: '2030-13-15' is not a date in the form YYYY-MM-DD" in err
    assert "row 7: ref: required but empty" in err
    assert "2 created, 0 updated (saved as drafts), 4 row(s) rejected" in out
    assert set(OpportunityPage.objects.values_list("ref", flat=True)) == {
        "JB-2030-017",
        "CJ-2030-001",
    }


def test_reimport_updates_the_pages_it_created(home_page, tmp_path):
    path = write_csv(tmp_path / "list.csv", GOOD_ROWS)
    run_import(path, "--list", "清单", "--publish")
    first_ids = set(OpportunityPage.objects.values_list("pk", flat=True))

    changed = [list(row) for row in GOOD_ROWS]
    changed[0][2] = "高硼硅特种玻璃熔窑节能降耗技术攻关"
    changed[0][7] = "450"
    out, _ = run_import(write_csv(path, changed), "--list", "清单", "--publish")

    assert "0 created, 2 updated" in out
    assert set(OpportunityPage.objects.values_list("pk", flat=True)) == first_ids
    assert OpportunityListPage.objects.filter(title="清单").count() == 1
    challenge = ChallengePage.objects.get(ref="JB-2030-017")
    assert challenge.title == "高硼硅特种玻璃熔窑节能降耗技术攻关"
    assert challenge.bounty_wan == 450
    assert challenge.revisions.count() == 2
    assert Domain.objects.filter(name="特种玻璃").count() == 1


def test_a_closed_row_is_kept_as_a_draft_with_a_warning_when_publishing(home_page, tmp_path):
    closed = [list(GOOD_ROWS[1])]
    closed[0][8] = "2020-01-15"
    out, _ = run_import(write_csv(tmp_path / "list.csv", closed), "--list", "清单", "--publish")
    assert "the deadline has passed, so it was saved as a draft" in out
    assert ScenarioPage.objects.get(ref="CJ-2030-001").live is False


def test_a_file_missing_required_columns_is_refused_by_name(home_page, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("ref,title\nX-1,标题\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"missing required column\(s\): kind, publisher, deadline"
    ):
        run_import(path)


def test_an_unsupported_file_type_is_refused(home_page, tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match=r"unsupported file type '\.pdf'"):
        run_import(path)


def test_the_list_defaults_to_the_file_name(home_page, tmp_path):
    run_import(write_csv(tmp_path / "海州区2030年榜单.csv", GOOD_ROWS))
    assert OpportunityListPage.objects.filter(title="海州区2030年榜单").exists()
