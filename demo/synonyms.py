"""The demo's own synonym groups (synonyms.json: words only the demo content uses), loaded by
`load_demo` after the shipped search dictionary (search/dictionary/), which holds the rest."""

import json
from pathlib import Path

from search.models import Synonym

SYNONYMS_FILE = Path(__file__).with_name("synonyms.json")


def load_demo_synonyms(path=SYNONYMS_FILE):
    """Create the groups that are not there yet (matched on their terms); returns
    (created, existing)."""
    existing = {tuple(synonym.term_list()) for synonym in Synonym.objects.all()}
    created = 0
    groups = json.loads(Path(path).read_text(encoding="utf-8"))
    for group in groups:
        if tuple(group["terms"]) in existing:
            continue
        Synonym.objects.create(terms="、".join(group["terms"]), note=group.get("note", "")[:200])
        created += 1
    return created, len(groups) - created
