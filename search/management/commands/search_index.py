"""`manage.py search_index`: rebuild, check, or drain the search index of whichever backend is
configured (Elasticsearch, or the embedded one). With the index out of reach it says so in one
line on stderr and exits 1."""

import logging
import sys
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.models import OpportunityPage
from search.backends import SearchUnavailable, get_backend
from search.indexing import apply_pending, check_index, rebuild_index
from search.models import IndexOperation


@contextmanager
def quiet_transport(quiet):
    """Hold back the Elasticsearch client's warning on each retry (each with a traceback): the
    command says in one line when the cluster is out of reach (-v 2 shows them)."""
    logger = logging.getLogger("elastic_transport")
    level = logger.level
    if quiet:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


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

    def handle(self, *args, **options):
        try:
            with quiet_transport(options["verbosity"] < 2):
                self.run(get_backend(), **options)
        except SearchUnavailable as error:
            raise CommandError(str(error)) from error

    def run(self, backend, rebuild=False, check=False, drain=False, **options):
        self.stdout.write(f"backend: {backend.name}")
        backend.ping()
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
