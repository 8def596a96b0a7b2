"""The panel's records: the workbook of scores, consensus and ranking (XLSX) for the chair and
the publisher, and the printable sheet an expert signs (专家签字表). Each read is audited; an
account that may not read them gets a 404, which tells it nothing about the panel."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..exports import (
    audit_records_read,
    records_reader,
    records_workbook,
    sheet_print_context,
    sheet_print_reader,
)
from ..models import Panel, PanelMember, Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def records_xlsx(request, panel_id):
    panel = get_object_or_404(Panel.objects.select_related("opportunity"), pk=panel_id)
    reader = records_reader(request.user, panel)
    if reader is None:
        raise Http404
    body = records_workbook(panel, reader)
    audit_records_read(request.user, panel, reader, "records_xlsx", request=request)
    response = HttpResponse(body, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    ref = re.sub(r"[^A-Za-z0-9_-]", "", panel.opportunity.ref or "") or str(panel.pk)
    filename = f"review-records-{ref}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def sheet_print(request, panel_id, member_id):
    panel = get_object_or_404(Panel.objects.select_related("opportunity"), pk=panel_id)
    member = get_object_or_404(
        PanelMember.objects.select_related("expert"), pk=member_id, panel=panel
    )
    reader = sheet_print_reader(request.user, panel, member)
    if reader is None:
        raise Http404
    round = request.GET.get("round", Round.REVIEW)
    if round not in Round.values:
        raise Http404
    context = sheet_print_context(panel, member, reader, round)
    audit_records_read(
        request.user,
        panel,
        reader,
        "sheet_print",
        request=request,
        expert=member.expert.name,
        round=round,
    )
    response = render(request, "selection/sheet_print.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
