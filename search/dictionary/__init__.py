"""The search dictionary shipped with the app (domain_synonyms.json: synonym groups and
abbreviations of the fields opportunity lists name) and `dictionary_load`, which turns it into
`Synonym` rows without undoing what editors changed."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from search import text
from search.models import TERM_SEPARATORS, RetiredDictionaryGroup, Synonym

DICTIONARY_FILE = Path(__file__).with_name("domain_synonyms.json")
NOTE_LENGTH = Synonym._meta.get_field("note").max_length


@dataclass(frozen=True)
class ShippedGroup:
    key: str
    terms: tuple
    note: str

    @property
    def terms_text(self):
        return "、".join(self.terms)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    adopted: int = 0
    kept_as_edited: list = field(default_factory=list)
    kept_deleted: list = field(default_factory=list)
    withdrawn: int = 0

    @property
    def existing(self):
        """Shipped groups that were there before this load, whatever became of them."""
        return (
            self.updated
            + self.unchanged
            + self.adopted
            + len(self.kept_as_edited)
            + len(self.kept_deleted)
        )


def dictionary_problems(data):
    """What makes the file unfit to load: missing sources, a group with fewer than two distinct
    terms, a term holding a separator, a key or a term used twice (a term in two groups would
    expand to only one of them). An empty list when the file is sound."""
    problems = []
    if not data.get("sources"):
        problems.append("the header cites no sources")
    keys, owners = set(), {}
    for index, group in enumerate(data.get("groups", [])):
        terms = group.get("terms") or []
        label = f"group {index} ({'/'.join(terms)})"
        normalised = [text.normalize(term) for term in terms]
        if len(set(normalised)) < 2 or len(set(normalised)) != len(normalised):
            problems.append(f"{label}: needs two or more distinct terms")
        for term in terms:
            if not term.strip() or TERM_SEPARATORS.search(term) or term != term.strip():
                problems.append(f"{label}: term {term!r} is empty or holds a separator")
        for term in set(normalised):
            if term in owners:
                problems.append(f"{label}: {term!r} is also in {owners[term]}")
            owners[term] = label
        key = group.get("key") or (terms[0] if terms else "")
        if key in keys:
            problems.append(f"{label}: key {key!r} is used twice")
        keys.add(key)
    if not keys:
        problems.append("the file has no groups")
    return problems


def read_checked(path, problems_of):
    """A shipped file's data, or ValueError listing what `problems_of` finds wrong with it."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    problems = problems_of(data)
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return data


def note_with_source(item, length):
    """A shipped item's note with the sources it cites, cut to the field's length."""
    note, source = item.get("note", ""), item.get("source")
    if source:
        note = f"{note} [{source}]" if note else f"[{source}]"
    return note[:length]


def read_dictionary(path=DICTIONARY_FILE):
    """The file's header and its groups, or ValueError listing what is wrong with it."""
    data = read_checked(path, dictionary_problems)
    groups = [
        ShippedGroup(
            key=group.get("key") or group["terms"][0],
            terms=tuple(group["terms"]),
            note=note_with_source(group, NOTE_LENGTH),
        )
        for group in data["groups"]
    ]
    return data, groups


def _ship(row, group):
    row.key = group.key
    row.terms = row.shipped_terms = group.terms_text
    row.note = row.shipped_note = group.note


@transaction.atomic
def dictionary_load(path=DICTIONARY_FILE, restore=()):
    """Bring the shipped groups into the `Synonym` table; safe to run any number of times.

    - a group not there yet is created (or, when an editor's group has exactly its terms,
      that group is adopted as the shipped one);
    - a shipped group still as the dictionary last gave it follows the file (updated);
    - a shipped group an editor changed (terms or note differ from what was shipped) is kept
      as edited; one an editor deleted left a tombstone (`RetiredDictionaryGroup`) and is not
      brought back. `restore` lists keys to return to the shipped text, deleted or not;
    - a shipped group the file no longer has is deleted unless an editor changed it, in which
      case it stays as the editor's own group.
    """
    _data, groups = read_dictionary(path)
    report = LoadReport()
    RetiredDictionaryGroup.objects.filter(key__in=restore).delete()
    retired = set(RetiredDictionaryGroup.objects.values_list("key", flat=True))
    shipped = {row.key: row for row in Synonym.objects.filter(key__isnull=False)}
    editors = {
        frozenset(text.normalize(term) for term in row.term_list()): row
        for row in Synonym.objects.filter(key__isnull=True)
    }
    new_rows = []
    for group in groups:
        row = shipped.pop(group.key, None)
        if group.key in retired:
            report.kept_deleted.append(group.key)
            continue
        if row is None:
            row = editors.pop(frozenset(text.normalize(term) for term in group.terms), None)
            if row is None:
                row = Synonym()
                _ship(row, group)
                new_rows.append(row)
                report.created += 1
                continue
            report.adopted += 1
        elif row.is_edited and group.key not in restore:
            report.kept_as_edited.append(group.key)
            continue
        elif row.terms == group.terms_text and row.note == group.note:
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        _ship(row, group)
        row.save()
    Synonym.objects.bulk_create(new_rows)
    for row in shipped.values():  # the file withdrew these groups
        if row.is_edited:
            row.key = None
            row.save(update_fields=["key"])
        else:
            row.delete()
            RetiredDictionaryGroup.objects.filter(key=row.key).delete()
            report.withdrawn += 1
    text.reset_tokenizer()
    return report
