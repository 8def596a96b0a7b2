"""``load_demo``: build (or complete) the demo site, the shipped search dictionary and the demo's
own synonym groups, bidding organisations and bids, the expert pool and the review panels of the closed challenges, and print the demo
accounts."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from demo.alerts import load_demo_alerts
from demo.bidding import load_demo_bidding
from demo.builder import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoBuilder
from demo.selection import load_demo_selection
from demo.synonyms import load_demo_synonyms
from search.dictionary import dictionary_load


class Command(BaseCommand):
    help = "Load the demo opportunity lists, scenarios, challenges and accounts (idempotent)."

    def handle(self, *args, **options):
        report = DemoBuilder(
            progress=lambda items, **kwargs: tqdm(items, disable=None, **kwargs)
        ).build()
        # The demo's searches rely on the shipped dictionary; `make run` has loaded it already,
        # and loading it again changes nothing.
        dictionary = dictionary_load()
        report.counts["shipped synonym groups"] = {
            "created": dictionary.created,
            "existing": dictionary.existing,
        }
        created, existing = load_demo_synonyms()
        report.counts["synonym groups"] = {"created": created, "existing": existing}
        report.counts.update(load_demo_bidding())
        report.counts.update(load_demo_selection())
        report.counts.update(load_demo_alerts())
        for what, tally in report.counts.items():
            self.stdout.write(
                f"{what}: {tally['created']} created, {tally['existing']} already there"
            )
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password {DEMO_PASSWORD}):"))
        for username, _group, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<11} {role}")
