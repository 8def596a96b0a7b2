"""The judged set of organisation profiles (profiles.json, real companies' public descriptions,
graded against the demo's open opportunities before tuning) and precision@5 over it."""

import json
from pathlib import Path

from cms.models import Domain

from ..keywords import declared_keywords, text_keywords
from ..scoring import Side
from ..selectors import recommended_for_side

PROFILES_FILE = Path(__file__).with_name("profiles.json")
CUTOFF = 5


def load_profiles(path=PROFILES_FILE, half=None):
    profiles = json.loads(Path(path).read_text(encoding="utf-8"))["profiles"]
    return [profile for profile in profiles if half in (None, profile["half"])]


def profile_side(profile):
    """A judged profile as a match side, built like a registered organisation's (capability
    keywords, then its description; it has no bids)."""
    keywords = declared_keywords(profile["capability_keywords"])
    keywords.merge(text_keywords(profile["description"]))
    domains = Domain.objects.filter(slug__in=profile["domains"]).select_related("parent")
    side = Side(
        keywords=keywords.weights,
        surface=keywords.surface,
        domains={d.name: d.parent.name if d.parent_id else "" for d in domains},
    )
    return side, [domain.pk for domain in domains]


def precision_at(ranked_refs, judgments, cutoff=CUTOFF):
    """Relevant (grade >= 1) among the first `cutoff`, over min(cutoff, relevant ones): a
    profile with two relevant opportunities that ranks both first scores 1."""
    relevant = {ref for ref, grade in judgments.items() if grade >= 1}
    if not relevant:
        return None
    found = sum(1 for ref in ranked_refs[:cutoff] if ref in relevant)
    return found / min(cutoff, len(relevant))


def group_of(profile):
    """The top-level domain a profile is reported under (its first domain's parent)."""
    domain = Domain.objects.filter(slug=profile["domains"][0]).select_related("parent").first()
    if domain is None:
        return "?"
    return (domain.parent or domain).name


def evaluate(profiles, backend=None):
    """{profile id: (precision@5, the refs recommended)} for each profile."""
    scores = {}
    for profile in profiles:
        side, domain_ids = profile_side(profile)
        ranked = recommended_for_side(side, domain_ids, limit=CUTOFF, backend=backend)
        refs = [entry.item.ref for entry in ranked]
        scores[profile["id"]] = (precision_at(refs, profile["judgments"]), refs)
    return scores
