"""Search's own tables: the synonym groups editors maintain, the outbox of index operations,
and the index records built from live revisions."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

TERM_SEPARATORS = re.compile(r"[,，、;；\n]+")


class Synonym(models.Model):
    """A group of interchangeable search terms (人工智能 / AI); expanded at query time, so an
    edit takes effect on the next search without a reindex."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Two or more interchangeable terms, separated by commas or 、, e.g. 人工智能、AI"
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["pk"]

    def __str__(self):
        return " / ".join(self.term_list())

    def term_list(self):
        seen = []
        for term in TERM_SEPARATORS.split(self.terms or ""):
            term = term.strip()
            if term and term not in seen:
                seen.append(term)
        return seen

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("A synonym group needs at least two terms.")})


class IndexOperationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(applied_at__isnull=True)


class IndexOperation(models.Model):
    """One change the search index must follow, written in the transaction that made it.

    The database is the source of truth: a page is published (or unpublished, moved, deleted)
    and this row is committed with it, whether or not Elasticsearch or the broker is up. Tasks
    apply the rows; a periodic task applies whatever is still pending. Applying means "make the
    index match the page as the database has it now", so applying twice is harmless, and the
    row's id is the document version, so a stale operation never overwrites a newer one.
    """

    class Action(models.TextChoices):
        SYNC = "sync", _("index or update")
        DELETE = "delete", _("delete")

    page_id = models.PositiveIntegerField(_("page id"), db_index=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = IndexOperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("index operation")
        verbose_name_plural = _("index operations")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["page_id"],
                condition=models.Q(applied_at__isnull=True),
                name="indexop_pending_page",
            )
        ]

    def __str__(self):
        return f"{self.action} page {self.page_id} (#{self.pk})"


class IndexedRecord(models.Model):
    """The index record of a page's live revision, jieba words included, built once.

    Segmenting Chinese text is most of the cost of indexing, so the record is kept here when the
    outbox applies a page (or a rebuild has to build it), and a rebuild loads it as it is while
    it is still valid: same live revision, same user dictionary (`dictionary_key`; a dictionary
    change can change any text's words). Every outbox row written for a page drops the page's
    record here in the same transaction (a renamed domain or a moved list changes a record
    without a new revision), so a record is rebuilt after each change the outbox sees.
    """

    page_id = models.PositiveIntegerField(_("page id"), primary_key=True)
    revision = models.PositiveIntegerField(_("revision"))
    dictionary_key = models.CharField(_("dictionary key"), max_length=64)
    record = models.JSONField(_("record"))
    built_at = models.DateTimeField(_("built at"), auto_now=True)

    class Meta:
        verbose_name = _("indexed record")
        verbose_name_plural = _("indexed records")

    def __str__(self):
        return f"page {self.page_id} revision {self.revision}"
