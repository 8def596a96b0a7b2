"""What reverse matching compares, built with the search's own analysis (`expand_query`, jieba
words, synonym groups): a saved search's required terms and filters, and a published record's
terms.

A saved search's query becomes terms that must ALL be in the document: one per word group that
has synonyms (a `syn:` token any synonym gives), else the group's jieba words. A record's terms
are the jieba words of its text fields plus the `syn:` token of every synonym group it holds.
"""

from datetime import date, datetime

from django.utils import timezone

from search import text
from search.backends.base import status_of
from search.documents import TEXT_FIELDS
from search.params import SearchParams
from search.queries import expand_query

# The value a keyword filter holds when the saved search leaves it unset: it matches any value.
ANY = "*"
KEYWORD_FILTERS = ("kind", "domain", "region", "level", "list")
# Filters checked on the candidates the index returns (a range, or derived from the clock).
CHECKED_FILTERS = ("status", "amount_min", "amount_max", "deadline_from", "deadline_to")
# At most this many terms of a record are compared (title, keywords and summary first): far
# below Elasticsearch's clause limit, far above what a record of a few thousand characters has.
MAX_RECORD_TERMS = 4000


def synonym_token(group):
    return "syn:" + min(group)


def saved_params(query, filters):
    """The `SearchParams` a saved search stands for."""
    return SearchParams.from_values({**filters, "q": query})


def required_terms(query):
    """The terms a document must all hold to match the saved words (none for no words)."""
    terms = expand_query(query)
    required = []
    for group in terms.groups:
        if len(group) > 1:
            required.append(synonym_token(group))
        else:
            required.extend(text.words(group[0], for_query=True) or [group[0]])
    return sorted(set(required))


def subscription(saved_search):
    """The subscriptions index's document of a saved search."""
    filters = saved_search.filters or {}
    return {
        "id": saved_search.pk,
        "version": saved_search.version,
        "terms": required_terms(saved_search.query),
        **{name: str(filters.get(name) or ANY) for name in KEYWORD_FILTERS},
        "checked": any(filters.get(name) not in (None, "") for name in CHECKED_FILTERS),
    }


def record_terms(record):
    """The terms of a published record that saved words can require."""
    ordered = []
    for name in ("title", "keywords_text", "summary", "body"):
        ordered.extend(record[f"{name}_words"].split())
    ordered.extend(text.normalize(keyword) for keyword in record["keywords"])
    whole = " ".join(text.normalize(record[name]) for name in TEXT_FIELDS)
    words = set(ordered)
    for group in text.synonym_groups():
        if any(
            (term in whole) if text.has_han(term) else (term in words) for term in group if term
        ):
            ordered.insert(0, synonym_token(group))
    return list(dict.fromkeys(ordered))[:MAX_RECORD_TERMS]


def record_keywords(record):
    """{filter name: the values of the record a saved filter may name}, each with ANY."""
    return {
        "kind": [record["kind"], ANY],
        "domain": [*record["domains"], ANY],
        "region": [value for value in (record["region"], ANY) if value],
        "level": [value for value in (record["level"], ANY) if value],
        "list": [str(record["list_id"]), ANY],
    }


def _local_date(value):
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def checked_filters_accept(filters, record, now=None):
    """Whether the record meets a saved search's range and status filters."""
    params = saved_params("", filters)
    amount = record["amount_wan"]
    if params.amount_min is not None and (amount is None or amount < params.amount_min):
        return False
    if params.amount_max is not None and (amount is None or amount > params.amount_max):
        return False
    if params.status and status_of(record["opens_at"], record["deadline"], now) != params.status:
        return False
    deadline = _local_date(record["deadline"])
    low, high = (
        date.fromisoformat(value) if isinstance(value, str) else value
        for value in (params.deadline_from, params.deadline_to)
    )
    if low and deadline < low:
        return False
    return not (high and deadline > high)
