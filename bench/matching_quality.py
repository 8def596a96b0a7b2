"""precision@5 of recommendations on the judged organisation profiles (matching/evaluation),
per domain and overall, per half, beside a naive baseline (the order the OR query over the
profile's keywords returns, unscored).

Usage: with the demo loaded and indexed in the configured database and search backend
(`manage.py load_demo`, `manage.py search_index --rebuild`):
    .venv/bin/python bench/matching_quality.py
The `report` half is never tuned on.
"""

import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from matching.evaluation import (
    CUTOFF,
    evaluate,
    group_of,
    load_profiles,
    precision_at,
    profile_side,
)
from matching.selectors import keyword_query
from search.params import SearchParams
from search.queries import search_opportunities


def baseline(profiles):
    scores = {}
    for profile in profiles:
        side, _domains = profile_side(profile)
        params = SearchParams(q=keyword_query(side), status="open", page_size=CUTOFF)
        refs = [hit["ref"] for hit in search_opportunities(params).hits]
        scores[profile["id"]] = (precision_at(refs, profile["judgments"]), refs)
    return scores


def mean(values):
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else 0.0


def main():
    profiles = load_profiles()
    scores, naive = evaluate(profiles), baseline(profiles)
    groups = defaultdict(list)
    for profile in profiles:
        groups[group_of(profile)].append(profile)
    print(f"precision@{CUTOFF} on {len(profiles)} judged profiles (matching/evaluation)\n")
    print(f"{'domain':<16} {'profiles':>8} {'match':>7} {'baseline':>9}")
    for name, members in sorted(groups.items()):
        print(
            f"{name:<16} {len(members):>8} "
            f"{mean(scores[p['id']][0] for p in members):>7.3f} "
            f"{mean(naive[p['id']][0] for p in members):>9.3f}"
        )
    for half in ("tune", "report"):
        members = [p for p in profiles if p["half"] == half]
        print(
            f"{'half ' + half:<16} {len(members):>8} "
            f"{mean(scores[p['id']][0] for p in members):>7.3f} "
            f"{mean(naive[p['id']][0] for p in members):>9.3f}"
        )
    print(
        f"{'overall':<16} {len(profiles):>8} {mean(s for s, _ in scores.values()):>7.3f} "
        f"{mean(s for s, _ in naive.values()):>9.3f}"
    )
    if "-v" in sys.argv:
        for profile in profiles:
            value, refs = scores[profile["id"]]
            relevant = sorted(ref for ref, grade in profile["judgments"].items() if grade)
            print(
                f"{profile['id']} {profile['half']} {value:.2f} {profile['name'][:16]} {refs} {relevant}"
            )


if __name__ == "__main__":
    main()
