"""`manage.py search_index`: rebuild, check, or drain the search index of whichever backend is
configured (Elasticsearch, or the embedded one)."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from cms.models import OpportunityPage
from search.backends import get_backend
from search.indexing import apply_pending, check_index, rebuild_index
from search.models import IndexOperation


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database (--rebuild), compare it with the database "
        "(--check, exits 1 when anything is missing, stale or extra), or apply pending outbox "
        "operations (--drain). Without an option, prints the index's state."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rebuild", action="store_true", help="load a new index, swap it in")
        action.add_argument("--check", action="store_true", help="compare index and database")
        action.add_argument("--drain", action="store_true", help="apply pending operations")

    def handle(self, *args, rebuild=False, check=False, drain=False, **options):
        backend = get_backend()
        self.stdout.write(f"backend: {backend.name}")
        if rebuild:
            total = OpportunityPage.objects.live().count()
            with tqdm(total=total, unit="doc", desc="indexing", file=sys.stderr) as bar:
                loaded = rebuild_index(backend, progress=bar.update)
            self.stdout.write(self.style.SUCCESS(f"rebuilt: {loaded} documents"))
        elif drain:
            applied = apply_pending(backend=backend)
            self.stdout.write(self.style.SUCCESS(f"applied pending operations of {applied} pages"))
        if check or not (rebuild or drain):
            self.report(backend, fail=check)

    def report(self, backend, fail):
        result = check_index(backend)
        pending = IndexOperation.objects.pending().count()
        self.stdout.write(
            f"missing: {len(result.missing)}  stale: {len(result.stale)}  "
            f"extra: {len(result.extra)}  pending operations: {pending}"
        )
        for label, ids in (
            ("missing", result.missing),
            ("stale", result.stale),
            ("extra", result.extra),
        ):
            if ids:
                self.stdout.write(
                    f"  {label} page ids: {', '.join(map(str, ids[:20]))}"
                    + (" …" if len(ids) > 20 else "")
                )
        if result.clean:
            self.stdout.write(self.style.SUCCESS("index matches the database"))
        elif fail:
            sys.exit(1)
