"""The related terms shipped with the search dictionary (related_terms.json: the narrower and
associated terms of the fields opportunity lists name) and `related_terms_load`, which turns them
into `RelatedTerms` rows without undoing what editors changed, as `dictionary_load` does for the
synonym groups."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from search import text
from search.dictionary import note_with_source, read_checked
from search.models import RelatedTerms, RetiredDictionaryGroup

RELATED_FILE = Path(__file__).with_name("related_terms.json")
RELATIONS = set(RelatedTerms.Relation.values)
NOTE_LENGTH = RelatedTerms._meta.get_field("note").max_length


@dataclass
class RelatedLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_as_edited: list = field(default_factory=list)
    kept_deleted: list = field(default_factory=list)
    withdrawn: int = 0


def related_problems(data):
    """What makes the file unfit to load (an empty list when it is sound): no sources, an entry
    without related terms, relating a term to itself, an unknown relation, a term twice."""
    problems, seen = [], set()
    if not data.get("sources"):
        problems.append("the header cites no sources")
    for index, entry in enumerate(data.get("entries", [])):
        term, related = entry.get("term", ""), entry.get("related") or []
        label = f"entry {index} ({term})"
        if not term.strip() or not related:
            problems.append(f"{label}: needs a term and related terms")
        if text.normalize(term) in {text.normalize(word) for word in related}:
            problems.append(f"{label}: relates the term to itself")
        if entry.get("relation") not in RELATIONS:
            problems.append(f"{label}: relation must be one of {sorted(RELATIONS)}")
        if term in seen:
            problems.append(f"{label}: the term is listed twice")
        seen.add(term)
    if not seen:
        problems.append("the file has no entries")
    return problems


def read_related(path=RELATED_FILE):
    return read_checked(path, related_problems)["entries"]


def _ship(row, entry):
    row.related = row.shipped_related = "、".join(entry["related"])
    row.relation = entry["relation"]
    row.note = note_with_source(entry, NOTE_LENGTH)
    row.is_shipped = True


@transaction.atomic
def related_terms_load(path=RELATED_FILE, restore=()):
    """Bring the shipped entries into `RelatedTerms`; safe to run any number of times. An
    entry an editor changed is kept as edited, one an editor deleted is not brought back
    (`restore` lists terms to return to the shipped text), one the file withdrew is deleted
    unless an editor changed it."""
    report = RelatedLoadReport()
    restored = {f"related:{term}" for term in restore}
    RetiredDictionaryGroup.objects.filter(key__in=restored).delete()
    retired = set(
        RetiredDictionaryGroup.objects.filter(key__startswith="related:").values_list(
            "key", flat=True
        )
    )
    rows = {row.term: row for row in RelatedTerms.objects.all()}
    new_rows = []
    entries = read_related(path)
    for entry in entries:
        row = rows.pop(entry["term"], None)
        if f"related:{entry['term']}" in retired:
            report.kept_deleted.append(entry["term"])
            continue
        if row is None:
            row = RelatedTerms(term=entry["term"])
            _ship(row, entry)
            new_rows.append(row)
            report.created += 1
            continue
        if (row.is_edited or not row.is_shipped) and entry["term"] not in restore:
            report.kept_as_edited.append(entry["term"])
            continue
        before = (row.related, row.relation, row.note)
        _ship(row, entry)
        if (row.related, row.relation, row.note) == before:
            report.unchanged += 1
            continue
        row.save()
        report.updated += 1
    RelatedTerms.objects.bulk_create(new_rows)
    for row in rows.values():
        if row.is_shipped and not row.is_edited:
            row.delete()
            report.withdrawn += 1
    text.reset_tokenizer()
    return report
