"""The public side of the result: the notice page (公示) with the objection form for verified
organisations, and the publisher's page of objections with their private attachments and the
answer form. Every write goes through selection/services/notices.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from scenarios.views.common import add_service_errors, error_text, private_download

from ..models import Objection, ObjectionAttachment, Panel, ResultNotice
from ..results import notice_summary, panel_size
from ..selectors import panel_managed_by
from ..services.notices import (
    ANSWER_MAX,
    NOTICE_TEXT_MAX,
    REASONS_MAX,
    default_notice_text,
    notice_publish,
    objection_answer,
    objection_file,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); the service checks each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ObjectionForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Reasons for the objection"),
        max_length=REASONS_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "State the facts and the rule you rely on. Only the publisher reads your reasons and "
            "your organisation's name; the answer is published."
        ),
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Evidence (PDF or images, optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp"}),
    )


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Decision on the objection"),
        choices=[
            ("0", gettext_lazy("Not upheld: the result stands")),
            ("1", gettext_lazy("Upheld: withdraw the notice and decide again")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer (published)"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text of the notice"),
        max_length=NOTICE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


def _public_notice(pk):
    notice = get_object_or_404(ResultNotice.objects.select_related("panel__opportunity"), pk=pk)
    if not notice.panel.opportunity.live:
        raise Http404
    return notice


def notice_detail(request, pk, form=None):
    notice = _public_notice(pk)
    context = notice_summary(notice, request.user)
    context["form"] = form or ObjectionForm()
    return render(request, "selection/notice.html", context)


@login_required
@require_POST
def objection_create(request, pk):
    """File an objection; the service refuses (403) an account of no verified organisation."""
    notice = _public_notice(pk)
    form = ObjectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            objection_file(
                notice,
                request.user,
                form.cleaned_data["reasons"],
                form.cleaned_data["attachments"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your objection was filed; the publisher will answer it in writing.")
            )
            return redirect("selection:notice", pk=notice.pk)
    return notice_detail(request, notice.pk, form=form)


def _managed_notice(request, pk):
    notice = get_object_or_404(ResultNotice.objects.select_related("panel__opportunity"), pk=pk)
    if not panel_managed_by(request.user, notice.panel.opportunity):
        raise Http404
    return notice


@login_required
def notice_objections(request, pk):
    notice = _managed_notice(request, pk)
    forms_by_objection = {}
    if request.method == "POST":
        objection = get_object_or_404(Objection, pk=request.POST.get("objection"), notice=notice)
        form = AnswerForm(request.POST, prefix=f"answer-{objection.pk}")
        if form.is_valid():
            try:
                objection_answer(
                    objection,
                    request.user,
                    form.cleaned_data["upheld"],
                    form.cleaned_data["answer"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The answer was recorded and the objector told."))
                return redirect("selection:notice_objections", pk=notice.pk)
        forms_by_objection[objection.pk] = form
    objections = list(
        notice.objections.select_related("company", "filed_by").prefetch_related("attachments")
    )
    for objection in objections:
        objection.form = forms_by_objection.get(objection.pk) or AnswerForm(
            prefix=f"answer-{objection.pk}"
        )
    objections.sort(key=lambda o: (o.status != Objection.Status.PENDING, o.filed_at))
    return render(
        request, "selection/objections.html", {"notice": notice, "objections": objections}
    )


@login_required
def objection_attachment(request, pk, attachment_id):
    """An objection's evidence, for the publisher who answers it and nobody else."""
    attachment = get_object_or_404(
        ObjectionAttachment.objects.select_related("objection__notice__panel__opportunity"),
        pk=attachment_id,
        objection_id=pk,
    )
    if not panel_managed_by(request.user, attachment.objection.notice.panel.opportunity):
        raise Http404
    return private_download(attachment)


@login_required
def notice_create(request, pk):
    """The publisher reviews the winners and the text, then publishes the notice."""
    panel = get_object_or_404(Panel.objects.select_related("opportunity"), pk=pk)
    if not panel_managed_by(request.user, panel.opportunity):
        raise Http404
    ready = panel.stage == Panel.Stage.DECISION and panel.awards.exists()
    form = NoticeForm(
        request.POST or None, initial={"text": default_notice_text(panel) if ready else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_publish(panel, request.user, form.cleaned_data["text"], request=request)
        except ValidationError as error:
            add_service_errors(form, error, default_field="text")
        else:
            messages.success(request, _("The result notice is published."))
            return redirect("selection:notice", pk=notice.pk)
    return render(
        request,
        "selection/notice_create.html",
        {
            "panel": panel,
            "ready": ready,
            "form": form,
            "awards": panel.awards.select_related("bid__company"),
            "panel_size": panel_size(panel),
            "live": panel.notices.exclude(status=ResultNotice.Status.WITHDRAWN).first(),
        },
    )
