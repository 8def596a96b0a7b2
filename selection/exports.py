"""The panel's records (评审记录): who may read them, the ranking they show, the workbook of every
submitted score sheet, consensus and rank (XLSX), and the printable sheet an expert signs
(专家签字表). Every read of the records is written to the audit trail."""

import io
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font

from scenarios.audit import audit
from scenarios.models import AuditEvent
from scenarios.wagtail_hooks import neutralise_formula

from .models import Consensus, Panel, PanelMember, Round, ScoreSheet
from .selectors import (
    blind_labels,
    eligible_bids,
    identity_hidden,
    membership_of,
    panel_managed_by,
    why_expert_may_not_read,
)

# ---------------------------------------------------------------- who reads the records


def records_reader(user, panel):
    """'publisher' or 'chair' when the account may download the panel's records, else None.
    The chair reads every sheet from the consensus on (as on the consensus page); the publisher
    once the consensus is behind the panel, so that no expert's figure reaches the publisher
    while the experts still score or agree."""
    if panel_managed_by(user, panel.opportunity) and panel.stage_index > _index(
        Panel.Stage.CONSENSUS
    ):
        return "publisher"
    member = membership_of(user, panel)
    if (
        member is not None
        and member.is_chair
        and member.status == PanelMember.Status.ACCEPTED
        and panel.reached(Panel.Stage.CONSENSUS)
    ):
        return "chair"
    return None


def sheet_print_reader(user, panel, member):
    """'expert', 'chair' or 'publisher' when the account may print this member's sheets, else
    None: the expert its own sheets at any time, the chair and the publisher whoever may read
    the panel's records (records_reader)."""
    if member.panel_id != panel.pk:
        return None
    if user.is_authenticated and member.expert.user_id == user.pk:
        return "expert"
    return records_reader(user, panel)


def record_links(user, panel):
    """[{"label", "url"}] of the records this account may open on the panel, for the pages of
    the chair, the publisher and the expert (selection/components/record_links.html)."""
    links = []
    reader = records_reader(user, panel)
    if reader is not None:
        links.append(
            {
                "label": _("Review records (XLSX)"),
                "url": reverse("selection:records_xlsx", args=[panel.pk]),
            }
        )
    for member in panel.members.select_related("expert").exclude(
        status__in=[PanelMember.Status.INVITED, PanelMember.Status.DECLINED]
    ):
        # sheet_print_reader, with the panel-wide reader worked out once.
        if reader is not None or (user.is_authenticated and member.expert.user_id == user.pk):
            links.append(
                {
                    "label": _("Score sheet of %(name)s, to print and sign")
                    % {"name": member.expert.name},
                    "url": reverse("selection:sheet_print", args=[panel.pk, member.pk]),
                }
            )
    return links


def _index(stage):
    return list(Panel.Stage.values).index(stage)


# ---------------------------------------------------------------- the ranking


def ranking(panel, round=Round.REVIEW):
    """[(rank, consensus)] of the round, best first.

    The ranking rule (per-criterion pass marks, tie-breaks) belongs to
    selection/services/ranking.py; until it is merged the records order the consensus records
    by agreed score (then by submission, earlier first). Swap this function only."""
    records = (
        Consensus.objects.filter(panel=panel, round=round)
        .select_related("bid__company")
        .prefetch_related("criteria__criterion")
        .order_by("-agreed_score", "bid__submitted_at", "bid_id")
    )
    return list(enumerate(records, start=1))


# ---------------------------------------------------------------- how a bid is named


def bid_naming(panel, reader):
    """A function bid -> (code, bidder) for this reader: experts (the chair included) read the
    pseudonym only while the round is blind; the publisher reads both, its records being the
    official ones."""
    labels = blind_labels(panel)
    hidden = reader != "publisher" and identity_hidden(panel)

    def name(bid):
        code = _("Bidder %(letter)s") % {"letter": labels.get(bid.pk, "?")}
        if hidden:
            return code, ""
        return f"{code} · {bid.receipt_number}", bid.bidder_name or bid.company.name

    return name


# ---------------------------------------------------------------- the workbook


def _cell(worksheet, value):
    """A cell holding the value as typed: text that starts like a formula is prefixed with a
    quote (as the admin's CSV exports do) and is text, never a formula, in Excel or WPS."""
    if isinstance(value, Promise):
        value = str(value)
    cell = Cell(worksheet, value=neutralise_formula(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _sheet(workbook, title, header, rows):
    worksheet = workbook.create_sheet(title)
    worksheet.append([_cell(worksheet, text) for text in header])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append([_cell(worksheet, value) for value in row])
    worksheet.freeze_panes = "A2"
    for column in worksheet.columns:
        widest = max(_display_width(cell.value) for cell in column)
        worksheet.column_dimensions[column[0].column_letter].width = min(max(widest + 2, 8), 60)
    return worksheet


def _display_width(value):
    """Columns wide enough to read: a Chinese character takes two widths of a Latin one."""
    text = "" if value is None else str(value)
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def submitted_sheets(panel):
    return (
        ScoreSheet.objects.filter(member__panel=panel, submitted_at__isnull=False)
        .select_related("member__expert", "bid__company")
        .prefetch_related("scores__criterion")
        .order_by("round", "bid__submitted_at", "bid_id", "-member__role", "member__expert__name")
    )


def records_workbook(panel, reader):
    """The panel's records as XLSX bytes: every submitted sheet one row per expert × bid ×
    criterion (filterable), the sheet totals, the consensus and the ranking."""
    name = bid_naming(panel, reader)
    sheets = list(submitted_sheets(panel))
    workbook = Workbook()
    workbook.remove(workbook.active)
    header_bid = [_("Round"), _("Bid"), _("Bidder")]
    _sheet(
        workbook,
        _("Scores"),
        [
            *header_bid,
            _("Expert"),
            _("Affiliation"),
            _("Role"),
            _("Criterion"),
            _("Full marks"),
            _("Score"),
            _("Remarks"),
            _("Submitted at"),
        ],
        [
            [
                sheet.get_round_display(),
                *name(sheet.bid),
                sheet.member.expert.name,
                sheet.member.expert.affiliation,
                sheet.member.get_role_display(),
                score.criterion.name,
                score.criterion.max_score,
                score.score,
                score.comment,
                _local(sheet.submitted_at),
            ]
            for sheet in sheets
            for score in sheet.scores.all()
        ],
    )
    _sheet(
        workbook,
        _("Sheet totals"),
        [*header_bid, _("Expert"), _("Total"), _("Overall comment"), _("Submitted at")],
        [
            [
                sheet.get_round_display(),
                *name(sheet.bid),
                sheet.member.expert.name,
                sheet.total,
                sheet.comment,
                _local(sheet.submitted_at),
            ]
            for sheet in sheets
        ],
    )
    criteria = list(panel.criteria.all())
    consensus_rows, ranking_rows = [], []
    for round_value, round_label in Round.choices:
        for rank, record in ranking(panel, round_value):
            agreed = {row.criterion_id: row.score for row in record.criteria.all()}
            consensus_rows.append(
                [
                    round_label,
                    *name(record.bid),
                    *(agreed.get(criterion.pk) for criterion in criteria),
                    record.agreed_score,
                    record.comment,
                    _local(record.recorded_at),
                ]
            )
            ranking_rows.append([round_label, rank, *name(record.bid), record.agreed_score])
    _sheet(
        workbook,
        _("Consensus"),
        [
            *header_bid,
            *(f"{criterion.name}（{criterion.max_score}）" for criterion in criteria),
            _("Agreed score"),
            _("Consensus comment"),
            _("Recorded at"),
        ],
        consensus_rows,
    )
    _sheet(
        workbook,
        _("Ranking"),
        [_("Round"), _("Rank"), _("Bid"), _("Bidder"), _("Agreed score")],
        ranking_rows,
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the printable sheet


@dataclass
class PrintedBid:
    code: str
    bidder: str
    sheet: object = None
    recused: bool = False
    rows: list = field(default_factory=list)
    total: object = None


def sheet_print_context(panel, member, reader, round=Round.REVIEW):
    """What the expert's signature sheet shows: every bid the member may read in the round, each
    criterion's maximum, score and comment, the totals, and the bids the member is recused from
    (marked, never named). Sealing holds: nothing before the declaration and the scoring stage
    (why_expert_may_not_read). In a blind round the bids carry their pseudonym only, whoever
    prints the sheet: it is the sheet as the expert scored it."""
    labels = blind_labels(panel)
    blind = panel.blind_first_round and round == Round.REVIEW
    criteria = list(panel.criteria.all())
    sheets = {
        sheet.bid_id: sheet
        for sheet in ScoreSheet.objects.filter(member=member, round=round).prefetch_related(
            "scores"
        )
    }
    bids = eligible_bids(panel)
    if round == Round.ROADSHOW:
        bids = bids.filter(roadshow_slot__isnull=False)
    whole_recusal = member.status == PanelMember.Status.RECUSED
    printed = []
    for bid in bids if member.has_declared and not whole_recusal else ():
        refusal = why_expert_may_not_read(member, bid)
        if refusal not in (None, "recused"):
            continue
        code = _("Bidder %(letter)s") % {"letter": labels.get(bid.pk, "?")}
        recused = refusal == "recused"
        entry = PrintedBid(
            code=code if blind or recused else f"{code} · {bid.receipt_number}",
            bidder="" if blind or recused else (bid.bidder_name or bid.company.name),
            sheet=None if recused else sheets.get(bid.pk),
            recused=recused,
        )
        scores = {s.criterion_id: s for s in entry.sheet.scores.all()} if entry.sheet else {}
        entry.rows = [(criterion, scores.get(criterion.pk)) for criterion in criteria]
        if entry.sheet is not None:
            entry.total = entry.sheet.total
        printed.append(entry)
    return {
        "panel": panel,
        "opportunity": panel.opportunity,
        "member": member,
        "expert": member.expert,
        "reader": reader,
        "round": Round(round),
        "blind": blind,
        "whole_recusal": whole_recusal,
        "criteria": criteria,
        "max_total": sum(criterion.max_score for criterion in criteria),
        "bids": printed,
        "printed_at": timezone.localtime(),
    }


# ---------------------------------------------------------------- the audit line


def audit_records_read(actor, panel, reader, record, request=None, **detail):
    """One audit line per download or print of the records. The trail has no action of its own
    for it yet (the lead adds RECORDS_EXPORTED); until then the reading is written as an opening
    by the publisher or an expert, with the record named in the detail. Swap the action here."""
    action = (
        AuditEvent.Action.BID_OPENED_BY_PUBLISHER
        if reader == "publisher"
        else AuditEvent.Action.BID_OPENED_BY_EXPERT
    )
    return audit(
        action,
        actor,
        opportunity=panel.opportunity,
        request=request,
        record=record,
        reader=reader,
        **detail,
    )
