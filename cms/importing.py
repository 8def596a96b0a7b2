"""Import of publishers' spreadsheets (CSV, XLSX, JSON) into opportunity pages.

Each row becomes a draft (or published) scenario or challenge under a named list; a row is
identified on re-import by its ``ref`` within the list, so importing the same file twice updates
the pages it made instead of duplicating them. A bad row is reported with its row number and the
rest still import.
"""

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from .models import Domain, Organization, Region
from .services import opportunity_list_get_or_create, opportunity_upsert

COLUMNS = (
    "ref", "kind", "title", "publisher", "domain", "region", "description",
    "budget_wan", "deadline", "keywords", "source_url",
)  # fmt: skip
REQUIRED_COLUMNS = ("ref", "kind", "title", "publisher", "deadline")
KEYWORD_SEPARATORS = re.compile(r"[,，、;；\n]+")
DOMAIN_SEPARATORS = re.compile(r"[;；、,，\n]+")
DOMAIN_LEVEL_SEPARATOR = re.compile(r"\s*[/／>＞]\s*")
SUMMARY_LENGTH = 140


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, unreadable, or required columns missing."""


class RowError(Exception):
    """One row is bad; the message says which column and why."""


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, message)
    warnings: list = field(default_factory=list)  # (row number, message)
    list_page: object = None


def read_rows(path):
    """Return [(row number, {column: value})] from a .csv, .xlsx or .json file.

    Row numbers are what the publisher sees: the header is row 1 of a spreadsheet, so data starts
    at row 2; in JSON the first object is row 1.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    if suffix == ".csv":
        rows = _read_csv(path)
    elif suffix == ".xlsx":
        rows = _read_xlsx(path)
    elif suffix == ".json":
        rows = _read_json(path)
    else:
        raise ImportFileError(
            f"{path.name}: unsupported file type {suffix!r}; use .csv, .xlsx or .json"
        )
    return rows


def _normalise_header(names):
    header = [str(name or "").strip().lower() for name in names]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(f"missing required column(s): {', '.join(missing)}")
    return header


def _read_csv(path):
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = _normalise_header(next(reader, []))
            return [
                (number, dict(zip(header, values, strict=False)))
                for number, values in enumerate(reader, start=2)
                if any(value.strip() for value in values)
            ]
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name}: not UTF-8 text ({error.reason})") from error


def _read_xlsx(path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ImportFileError(f"{path.name}: not a readable XLSX workbook ({error})") from error
    try:
        sheet_rows = workbook.active.iter_rows(values_only=True)
        header = _normalise_header(next(sheet_rows, []))
        return [
            (number, dict(zip(header, values, strict=False)))
            for number, values in enumerate(sheet_rows, start=2)
            if any(value not in (None, "") for value in values)
        ]
    finally:
        workbook.close()


def _read_json(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(f"{path.name}: not valid JSON ({error})") from error
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFileError(f"{path.name}: expected a JSON list of objects")
    rows = [
        (number, {str(k).strip().lower(): v for k, v in item.items()})
        for number, item in enumerate(data, 1)
    ]
    if rows:
        _normalise_header(set().union(*(row.keys() for _number, row in rows)))
    return rows


def _text(row, column):
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_deadline(row):
    value = row.get("deadline")
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = _text(row, "deadline")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise RowError(f"deadline: {text!r} is not a date in the form YYYY-MM-DD") from None
    # A date-only deadline means the end of that day, Beijing time.
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _parse_budget(row):
    text = _text(row, "budget_wan").replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise RowError(f"budget_wan: {text!r} is not a number (amounts are in 10k CNY)") from None
    if amount < 0 or not amount.is_finite():
        raise RowError(f"budget_wan: {text} must be a positive amount")
    return amount


def _stable_slug(prefix, name):
    return slugify(name) or f"{prefix}-{hashlib.sha1(name.encode()).hexdigest()[:10]}"


def _domain(label):
    """The domain for "名称" or "父领域/子领域", created when unknown."""
    names = [name for name in DOMAIN_LEVEL_SEPARATOR.split(label) if name][-2:]
    if len(names) == 1:
        name = names[0]
        found = Domain.objects.filter(Q(name=name) | Q(slug=name) | Q(name_en=name)).first()
        return found or Domain.objects.create(name=name, slug=_stable_slug("domain", name))
    parent_name, child_name = names
    parent = Domain.objects.filter(parent=None, name=parent_name).first() or Domain.objects.create(
        name=parent_name, slug=_stable_slug("domain", parent_name)
    )
    return Domain.objects.filter(parent=parent, name=child_name).first() or Domain.objects.create(
        name=child_name, parent=parent, slug=_stable_slug("domain", f"{parent_name}/{child_name}")
    )


def _region(name):
    if not name:
        return None
    region = Region.objects.filter(name=name).first()
    return region or Region.objects.create(name=name, slug=_stable_slug("region", name))


def _organization(name, kind):
    organization = Organization.objects.filter(name=name).first()
    return organization or Organization.objects.create(
        name=name, slug=_stable_slug("org", name), kind=kind
    )


def _paragraphs(text):
    return [line.strip() for line in re.split(r"\n\s*\n|\n", text) if line.strip()]


def _row_fields(row, kind):
    """Validate one row; return (fields, domains, keywords) for opportunity_upsert."""
    missing = [column for column in REQUIRED_COLUMNS if not _text(row, column)]
    if missing:
        raise RowError(f"{', '.join(missing)}: required but empty")
    description = _text(row, "description")
    paragraphs = _paragraphs(description)
    summary = paragraphs[0][:SUMMARY_LENGTH] if paragraphs else _text(row, "title")
    budget = _parse_budget(row)
    fields = {
        "title": _text(row, "title"),
        "summary": summary,
        "region": _region(_text(row, "region")),
        "application_deadline": _parse_deadline(row),
        "source_url": _text(row, "source_url"),
    }
    if kind == "scenario":
        fields.update(
            publisher=_organization(_text(row, "publisher"), Organization.Kind.GOVERNMENT),
            description=[("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs],
            budget_min_wan=budget,
            budget_max_wan=budget,
        )
    else:
        fields.update(
            issuer=_organization(_text(row, "publisher"), Organization.Kind.ENTERPRISE),
            problem="".join(f"<p>{escape(text)}</p>" for text in paragraphs) or "<p></p>",
            bounty_wan=budget,
        )
    domains = [
        _domain(label) for label in DOMAIN_SEPARATORS.split(_text(row, "domain")) if label.strip()
    ]
    keywords = [
        word.strip() for word in KEYWORD_SEPARATORS.split(_text(row, "keywords")) if word.strip()
    ]
    return fields, domains, keywords


def _validation_message(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _default_publisher(rows):
    for _number, row in rows:
        if _text(row, "publisher"):
            return _organization(_text(row, "publisher"), Organization.Kind.GOVERNMENT)
    raise ImportFileError("no row names a publisher, so the new list has none")


def import_opportunities(rows, *, list_title, publish=False, user=None, progress=None):
    """Import ``rows`` from read_rows() under the list titled ``list_title``; returns an ImportReport."""
    report = ImportReport()
    with transaction.atomic():
        report.list_page, _created = opportunity_list_get_or_create(
            title=list_title, publisher=_default_publisher(rows), publish=publish, user=user
        )
    seen_refs = {}
    now = timezone.now()
    for number, row in progress(rows) if progress else rows:
        kind = _text(row, "kind").lower()
        ref = _text(row, "ref")
        try:
            if kind not in ("scenario", "challenge"):
                raise RowError(f"kind: {kind!r} must be 'scenario' or 'challenge'")
            if ref in seen_refs:
                raise RowError(f"ref: {ref} already appears in row {seen_refs[ref]}")
            with transaction.atomic():
                fields, domains, keywords = _row_fields(row, kind)
                closed = fields["application_deadline"] <= now
                result = opportunity_upsert(
                    list_page=report.list_page,
                    kind=kind,
                    ref=ref,
                    fields=fields,
                    domains=domains,
                    keywords=keywords,
                    publish=publish and not closed,
                    user=user,
                )
        except RowError as error:
            report.errors.append((number, str(error)))
            continue
        except ValidationError as error:
            report.errors.append((number, _validation_message(error)))
            continue
        seen_refs[ref] = number
        (report.created if result.created else report.updated).append(result.page)
        if publish and closed:
            report.warnings.append(
                (
                    number,
                    f"{ref}: the deadline has passed, so it was saved as a draft, not published",
                )
            )
    return report
