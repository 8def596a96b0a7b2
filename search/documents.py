"""What the index holds for one published scenario or challenge, built from the database.

`opportunity_record(page)` is backend-neutral: both the Elasticsearch and the embedded backend
index the same dictionary. Status is not stored (it changes with the clock); the application
window is, and queries derive status from it.
"""

from django.utils.html import strip_tags
from wagtail.rich_text import get_text_for_indexing

from cms.models import ChallengePage, OpportunityPage, ScenarioPage

from . import text

# The text fields, in the order queries weigh them; each also has a jieba "<name>_words" twin.
TEXT_FIELDS = ("title", "keywords_text", "summary", "body")


def _stream_text(stream_value):
    parts = []
    for child in stream_value or []:
        parts.extend(str(part) for part in child.block.get_searchable_content(child.value))
    return parts


def _rich_text(value):
    return get_text_for_indexing(value) if value else ""


def _body_parts(page):
    if isinstance(page, ScenarioPage):
        return [
            *_stream_text(page.description),
            page.sought,
            page.resources_sites,
            page.resources_data,
            page.resources_funding,
            page.cooperation_mode,
        ]
    return [
        _rich_text(page.problem),
        *(
            f"{target.indicator} {target.target_value}{target.unit}"
            for target in page.targets.all()
        ),
        _rich_text(page.qualifications),
    ]


def _organization(page):
    return page.publisher if isinstance(page, ScenarioPage) else page.issuer


def _amount_wan(page):
    if isinstance(page, ChallengePage):
        return page.bounty_wan
    return page.budget_max_wan or page.budget_min_wan


def opportunity_queryset():
    """Every live scenario and challenge, specific, with what a record reads prefetched."""
    return (
        OpportunityPage.objects.live()
        .specific()
        .select_related("region", for_specific_subqueries=True)
        .prefetch_related("domains__parent", "keywords", for_specific_subqueries=True)
        .order_by("pk")
    )


def opportunity_record(page):
    """The index record of a live opportunity page (specific instance)."""
    return with_words(opportunity_fields(page))


def with_words(fields):
    """The record: its fields plus the jieba words of each text field ("<name>_words").

    Plain data in, plain data out (no database), so a rebuild can run it in other processes.
    """
    record = dict(fields)
    for name in TEXT_FIELDS:
        record[f"{name}_words"] = text.words_text(record[name])
    return record


def with_words_all(records):
    """`with_words` of each of a list of fields (one task of a rebuild's segmentation pool)."""
    return [with_words(fields) for fields in records]


def opportunity_fields(page):
    """What the index record of a live opportunity page holds but its jieba words."""
    organization = _organization(page)
    domains = list(page.domains.all())
    domain_slugs = sorted(
        {domain.slug for domain in domains}
        | {domain.parent.slug for domain in domains if domain.parent_id}
    )
    # Sorted: tags have no order of their own, and a kept record must equal a fresh one.
    keywords = sorted(tag.name for tag in page.keywords.all())
    domain_names = sorted(
        {domain.name for domain in domains}
        | {domain.parent.name for domain in domains if domain.parent_id}
    )
    list_page = page.get_parent()
    record = {
        "id": page.pk,
        "revision": page.live_revision_id or 0,
        "ref": page.ref,
        "kind": page.kind,
        "title": text.fold(page.title),
        "display_title": page.title,
        "summary": text.fold(page.summary),
        "body": text.fold(" ".join(strip_tags(part) for part in _body_parts(page) if part)),
        "keywords": keywords,
        # Domain names count like keywords: an item in 人工智能 is about 人工智能.
        "keywords_text": text.fold(" ".join([*keywords, *domain_names])),
        "organization": organization.name if organization else "",
        "organization_slug": organization.slug if organization else "",
        "domains": domain_slugs,
        "region": page.region.slug if page.region_id else "",
        "region_name": page.region.name if page.region_id else "",
        "list_id": list_page.pk,
        "list_title": list_page.title,
        "level": getattr(page, "level", "") or "",
        "opens_at": page.application_opens.isoformat() if page.application_opens else None,
        "deadline": page.application_deadline.isoformat(),
        "amount_wan": float(amount) if (amount := _amount_wan(page)) is not None else None,
        "published_at": (page.first_published_at or page.last_published_at).isoformat(),
        "url": page.url,
    }
    # Organisation and region names are searchable too, through the body's words.
    record["body"] = text.fold(f"{record['body']} {record['organization']} {record['region_name']}")
    return record


def suggestion_inputs(record):
    """What search-as-you-type completes: the title and the keywords."""
    return [record["display_title"], *record["keywords"]]
