"""Search's own tables: the synonym groups and related terms editors maintain (some shipped with
the search dictionary), the outbox of index operations, and the index records built from live
revisions."""

import re

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

TERM_SEPARATORS = re.compile(r"[,，、;；\n]+")


def split_terms(terms):
    """The distinct terms of a group's text, in order."""
    seen = []
    for term in TERM_SEPARATORS.split(terms or ""):
        term = term.strip()
        if term and term not in seen:
            seen.append(term)
    return seen


class SynonymQuerySet(models.QuerySet):
    def term_groups(self):
        """Each group's terms, read without building model instances (a search reads every
        group; building the few hundred shipped ones took 13 ms)."""
        return [split_terms(terms) for terms in self.values_list("terms", flat=True)]


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
    # A group shipped in search/dictionary/ carries the dictionary's key and the text the
    # dictionary last gave it: when `terms` or `note` differ from it, an editor changed the group
    # and `load_search_dictionary` leaves it alone. Editors' own groups have no key.
    key = models.CharField(
        _("dictionary key"), max_length=100, unique=True, null=True, blank=True, editable=False
    )
    shipped_terms = models.TextField(_("shipped terms"), blank=True, editable=False)
    shipped_note = models.CharField(_("shipped note"), max_length=200, blank=True, editable=False)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    objects = SynonymQuerySet.as_manager()

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["pk"]

    def __str__(self):
        return " / ".join(self.term_list())

    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("A synonym group needs at least two terms.")})

    @property
    def is_shipped(self):
        return bool(self.key)

    @property
    def is_edited(self):
        """A shipped group whose text is no longer what the dictionary gave it."""
        return self.is_shipped and (
            self.terms != self.shipped_terms or self.note != self.shipped_note
        )

    @admin.display(description=_("origin"))
    def origin(self):
        if not self.is_shipped:
            return _("added by an editor")
        if self.is_edited:
            return _("shipped, edited")
        return _("shipped")


class RetiredDictionaryGroup(models.Model):
    """A shipped synonym group an editor deleted: `load_search_dictionary` does not bring it
    back (a tombstone, written when the group is deleted; `--restore KEY` lifts it)."""

    key = models.CharField(_("dictionary key"), max_length=100, unique=True)
    retired_at = models.DateTimeField(_("retired at"), default=timezone.now)

    class Meta:
        verbose_name = _("retired dictionary group")
        verbose_name_plural = _("retired dictionary groups")
        ordering = ["key"]

    def __str__(self):
        return self.key


class RelatedTerms(models.Model):
    """A term's narrower or associated terms (低空经济 → 无人机、通用航空): a search for the term
    also finds documents that use them, ranked like the term but never counted as matching it.
    Read at query time, so an edit takes effect on the next search."""

    class Relation(models.TextChoices):
        NARROWER = "narrower", _("narrower terms")
        ASSOCIATED = "associated", _("associated terms")

    term = models.CharField(_("term"), max_length=100, unique=True)
    related = models.TextField(
        _("related terms"),
        help_text=_("Terms separated by commas or 、, e.g. 无人机、通用航空、电动垂直起降飞行器"),
    )
    relation = models.CharField(
        _("relation"), max_length=12, choices=Relation.choices, default=Relation.NARROWER
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # As for Synonym: an entry shipped in search/dictionary/related_terms.json keeps the text the
    # dictionary gave it, so `load_search_dictionary` can tell an editor's change and keep it.
    shipped_related = models.TextField(_("shipped related terms"), blank=True, editable=False)
    is_shipped = models.BooleanField(_("shipped"), default=False, editable=False)

    panels = [FieldPanel("term"), FieldPanel("related"), FieldPanel("relation"), FieldPanel("note")]

    class Meta:
        verbose_name = _("related terms")
        verbose_name_plural = _("related terms")
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {'、'.join(self.related_list())}"

    def related_list(self):
        return [term for term in split_terms(self.related) if term != self.term]

    def clean(self):
        if not self.related_list():
            raise ValidationError({"related": _("Name at least one related term.")})

    @property
    def is_edited(self):
        return self.is_shipped and self.related != self.shipped_related

    @property
    def retired_key(self):
        """Its tombstone's key in `RetiredDictionaryGroup`."""
        return f"related:{self.term}"

    @admin.display(description=_("origin"))
    def origin(self):
        if not self.is_shipped:
            return _("added by an editor")
        if self.is_edited:
            return _("shipped, edited")
        return _("shipped")


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
