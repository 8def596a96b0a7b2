"""What both backends share: the interface, facet labels, and turning stored records into hits."""

from abc import ABC, abstractmethod
from datetime import datetime

from django.utils import timezone

from cms.models import Domain, OpportunityListPage, Region, ScenarioPage, Status

from ..params import FACETS, Kind, SearchResults


class SearchBackend(ABC):
    """The contract: both backends answer the same calls with the same shapes."""

    name = ""

    @abstractmethod
    def apply(self, page_id, record, version):
        """Make the index hold `record` for the page (or nothing, when record is None), unless
        it already holds a newer version."""

    @abstractmethod
    def rebuild(self, chunks, version, progress=None):
        """Load every record from `chunks` (lists of records) into a fresh index and switch to
        it at once; searches keep answering from the old index meanwhile."""

    @abstractmethod
    def indexed_revisions(self):
        """{page id: revision} of every document in the index."""

    @abstractmethod
    def search(self, query):
        """`SearchResults` for one `OpportunitySearchQuery` (its `params` and `terms`)."""

    @abstractmethod
    def suggest(self, prefix, limit=8):
        """Titles and keywords starting with `prefix`, for search-as-you-type."""

    @abstractmethod
    def clear(self):
        """Drop the index entirely (tests)."""

    @abstractmethod
    def refresh(self):
        """Make what was written visible to searches."""

    @abstractmethod
    def ping(self):
        """Raise `SearchUnavailable` when the index cannot be reached."""


def facet_labels(name, keys):
    """{key: label} for the keys of one facet, in the active language."""
    if name == "kind":
        return {key: str(Kind(key).label) for key in keys if key in Kind.values}
    if name == "status":
        return {key: str(Status(key).label) for key in keys if key in Status.values}
    if name == "level":
        return {key: str(dict(ScenarioPage.Level.choices).get(key, key)) for key in keys}
    if name == "domain":
        return {domain.slug: domain.name for domain in Domain.objects.filter(slug__in=keys)}
    if name == "region":
        return {region.slug: region.name for region in Region.objects.filter(slug__in=keys)}
    if name == "list":
        return dict(OpportunityListPage.objects.filter(pk__in=keys).values_list("pk", "title"))
    return {key: key for key in keys}


def labelled_facets(counts):
    """{facet: [(key, count), ...]} to {facet: [{"key", "label", "count"}, ...]}, empty keys
    dropped, largest count first (status keeps its natural order; domains are grouped)."""
    facets = {}
    for name in FACETS:
        pairs = [(key, count) for key, count in counts.get(name, []) if key not in ("", None)]
        labels = facet_labels(name, [key for key, _count in pairs])
        if name == "status":
            pairs.sort(key=lambda pair: Status.values.index(pair[0]))
        else:
            pairs.sort(key=lambda pair: (-pair[1], str(labels.get(pair[0], pair[0]))))
        facets[name] = [
            {"key": key, "label": labels.get(key, str(key)), "count": count}
            for key, count in pairs
            if name == "status" or count
        ]
    facets["domain"] = grouped_domains(facets["domain"])
    return facets


def grouped_domains(values):
    """The domain facet's values, each top-level domain followed by its children, each value
    naming its parent's slug (None for a top-level domain). A record holds the parent of each
    of its domains too, so a parent's count already includes its children's opportunities; a
    child whose parent has no count (an index built before that) stays at the top level."""
    parents = dict(
        Domain.objects.filter(slug__in=[value["key"] for value in values])
        .exclude(parent=None)
        .values_list("slug", "parent__slug")
    )
    listed = {value["key"] for value in values}
    children = {}
    for value in values:
        value["parent"] = parents.get(value["key"])
        if value["parent"] in listed:
            children.setdefault(value["parent"], []).append(value)
    grouped = []
    for value in values:
        if value["parent"] not in listed:
            grouped.extend([value, *children.get(value["key"], [])])
    return grouped


def status_of(opens_at, deadline, now=None):
    """The derived status of an indexed record, as `OpportunityPage.status` derives it."""
    now = now or timezone.now()
    if opens_at and _as_datetime(opens_at) > now:
        return Status.UPCOMING
    if _as_datetime(deadline) < now:
        return Status.CLOSED
    return Status.OPEN


def _as_datetime(value):
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def hit_from_record(record, highlight, score=None):
    return {
        "id": record["id"],
        "ref": record["ref"],
        "kind": record["kind"],
        "title": record["display_title"],
        "url": record["url"],
        "status": str(status_of(record["opens_at"], record["deadline"])),
        "deadline": record["deadline"],
        "summary": record["summary"],
        "organization": record["organization"],
        "region": record["region_name"],
        "amount_wan": record["amount_wan"],
        "highlight": highlight,
        "score": score,
    }


def results(params, total, hits, counts):
    return SearchResults(total=total, hits=hits, facets=labelled_facets(counts), params=params)
