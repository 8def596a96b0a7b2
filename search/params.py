"""What a search is asked and answers, declared once: `SearchParams` (each field carries its
query-string name, label and bounds, from which the page's form and the API's schema are both
built), the opportunity kinds, `QueryTerms`, `SearchResults` and the limits they share.

Both backends and the query service import from here; nothing here imports them.
"""

import typing
from dataclasses import dataclass, field, fields
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.models import Domain, Region, ScenarioPage, Status

MAX_QUERY_LENGTH = 200
MAX_GROUPS = 40
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
# Elasticsearch answers at most 10,000 hits deep (index.max_result_window).
MAX_RESULT_DEPTH = 10_000
# The largest id an Elasticsearch `long` or an SQLite/PostgreSQL 64-bit integer holds: a larger
# one is refused by name rather than left to overflow in a backend.
MAX_ID = 2**63 - 1
# Budgets and bounties are in 10k CNY; 10^8 of them (one trillion yuan) is beyond any opportunity.
MAX_AMOUNT_WAN = 10**8
# Field weights, for both backends: a title or keyword match counts more than a body match.
FIELD_BOOSTS = {"title": 6, "keywords_text": 5, "summary": 2, "body": 1}
FACETS = ("kind", "status", "domain", "region", "level", "list")
# Ranking, recall first (tuned on the tune half of tests/search/real_set, bench/search_relevance.py):
# a document matching every word group of a query scores ALL_GROUPS_WEIGHT, so all-words matches
# come first; each group matched adds COVERAGE_WEIGHT; then BM25 orders them: of each group's best
# alternative (sharing at least GROUP_SHARE of its characters and pairs), of the parts of a word
# jieba splits (PART_BOOST), and of the raw text's characters and pairs (RECALL_BOOST).
ALL_GROUPS_WEIGHT = 1000.0
COVERAGE_WEIGHT = 5.0
PART_BOOST = 0.5
RECALL_BOOST = 0.3
GROUP_SHARE = "60%"
# Related terms (narrower or associated, search/dictionary/related_terms.json) rank like the
# group they come from, best one only, but never count as coverage.
RELATED_BOOST = 1.0


class Kind(models.TextChoices):
    """The two kinds of opportunity, as the index stores them (`OpportunityPage.kind`)."""

    SCENARIO = "scenario", _("Application scenario")
    CHALLENGE = "challenge", _("Technology challenge")


SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest"),
    "deadline": _("Deadline soonest"),
    "amount": _("Largest budget or bounty"),
}


def asked(label, *, name=None, choices=None, slug=False, min_value=None, max_value=None):
    """How a `SearchParams` field is asked (its metadata): its name in the query string (the
    field's own by default), its label, and its choices or bounds."""
    return {
        "name": name,
        "label": label,
        "choices": choices,
        "slug": slug,
        "min_value": min_value,
        "max_value": max_value,
    }


@dataclass
class SearchParams:
    q: str = field(default="", metadata=asked(_("Search")))
    kind: str = field(default="", metadata=asked(_("Kind"), choices=Kind.choices))
    status: str = field(default="", metadata=asked(_("Status"), choices=Status.choices))
    domain: str = field(default="", metadata=asked(_("Domain"), slug=True))
    region: str = field(default="", metadata=asked(_("Region"), slug=True))
    level: str = field(
        default="", metadata=asked(_("Scenario level"), choices=ScenarioPage.Level.choices)
    )
    list_id: int | None = field(
        default=None,
        metadata=asked(_("Opportunity list"), name="list", min_value=1, max_value=MAX_ID),
    )
    amount_min: float | None = field(
        default=None,
        metadata=asked(_("Budget from (10k CNY)"), min_value=0, max_value=MAX_AMOUNT_WAN),
    )
    amount_max: float | None = field(
        default=None,
        metadata=asked(_("Budget to (10k CNY)"), min_value=0, max_value=MAX_AMOUNT_WAN),
    )
    deadline_from: date | None = field(default=None, metadata=asked(_("Deadline from")))
    deadline_to: date | None = field(default=None, metadata=asked(_("Deadline to")))
    sort: str = field(
        default="relevance", metadata=asked(_("Sort by"), choices=list(SORTS.items()))
    )
    page: int = field(default=1, metadata=asked(_("Page"), min_value=1, max_value=MAX_RESULT_DEPTH))
    page_size: int = field(
        default=DEFAULT_PAGE_SIZE,
        metadata=asked(_("Results per page"), min_value=1, max_value=MAX_PAGE_SIZE),
    )

    @classmethod
    def from_values(cls, values):
        """Parameters from checked values by query-string name; a value that is absent, empty or
        None takes its default, and the query is cut to its maximum length."""
        given = {}
        for spec in parameters():
            value = values.get(spec.name)
            if value not in ("", None):
                given[spec.attribute] = float(value) if spec.type is float else value
        params = cls(**given)
        params.q = params.q[:MAX_QUERY_LENGTH]
        return params

    def filters(self):
        """The facet filters that are set, by facet name."""
        values = {
            "kind": self.kind,
            "status": self.status,
            "domain": self.domain,
            "region": self.region,
            "level": self.level,
            "list": self.list_id,
        }
        return {name: value for name, value in values.items() if value not in ("", None)}

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class Parameter:
    """One search parameter as the form and the API schema read it."""

    name: str
    attribute: str
    type: type
    label: str
    default: object
    choices: list | None
    slug: bool
    min_value: int | None
    max_value: int | None


def parameters():
    """Every search parameter, in the order of `SearchParams`."""
    declared = []
    for spec in fields(SearchParams):
        types = [t for t in typing.get_args(spec.type) if t is not type(None)] or [spec.type]
        meta = spec.metadata
        declared.append(
            Parameter(
                name=meta["name"] or spec.name,
                attribute=spec.name,
                type=types[0],
                label=meta["label"],
                default=spec.default,
                choices=meta["choices"],
                slug=meta["slug"],
                min_value=meta["min_value"],
                max_value=meta["max_value"],
            )
        )
    return declared


def query_cut_note(query):
    """The note saying a query was cut to its maximum length, or None."""
    if len(query) <= MAX_QUERY_LENGTH:
        return None
    return _("The query was cut to its first %(count)d characters.") % {"count": MAX_QUERY_LENGTH}


def value_problems(values):
    """What no single value shows, by query-string name: an unknown domain or region, a budget
    range the wrong way round, a page beyond the depth Elasticsearch answers."""
    problems = {}
    for name, model, message in (
        ("domain", Domain, _("There is no domain “%(slug)s”.")),
        ("region", Region, _("There is no region “%(slug)s”.")),
    ):
        slug = values.get(name)
        if slug and not model.objects.filter(slug=slug).exists():
            problems[name] = message % {"slug": slug}
    low, high = values.get("amount_min"), values.get("amount_max")
    if low is not None and high is not None and low > high:
        problems["amount_max"] = _("The upper bound is below the lower bound.")
    page, size = values.get("page") or 1, values.get("page_size") or DEFAULT_PAGE_SIZE
    if page * size > MAX_RESULT_DEPTH:
        problems["page"] = _(
            "Results can be paged up to %(depth)d deep; narrow the search instead."
        ) % {"depth": MAX_RESULT_DEPTH}
    return problems


@dataclass
class QueryTerms:
    """The query as groups of interchangeable alternatives: one group per word the searcher
    typed (or per content word of a sentence), each holding the word and its synonyms. A group
    counts towards coverage. `parts` are the jieba words of a typed word that jieba splits
    (智慧社区: 智慧, 社区), with their synonyms; `related` are the groups' narrower or
    associated terms (低空经济: 无人机, 通用航空, ...): both rank, neither counts as coverage."""

    raw: str
    groups: list[list[str]]
    parts: list[list[str]] = field(default_factory=list)
    related: list[list[str]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.groups)

    def alternatives(self):
        return [alt for group in [*self.groups, *self.parts, *self.related] for alt in group]


@dataclass
class SearchResults:
    total: int
    hits: list[dict]
    facets: dict[str, list[dict]]
    params: SearchParams
    suggestion: str = ""

    @property
    def pages(self):
        return max(1, -(-self.total // self.params.page_size))
