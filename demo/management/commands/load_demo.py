"""``load_demo``: build (or complete) the demo site, its synonym groups, bidding organisations
and bids, and the expert pool, and print the demo accounts."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from demo.bidding import load_demo_bidding
from demo.builder import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoBuilder
from demo.experts import load_demo_experts
from demo.synonyms import load_demo_synonyms


class Command(BaseCommand):
    help = "Load the demo opportunity lists, scenarios, challenges and accounts (idempotent)."

    def handle(self, *args, **options):
        report = DemoBuilder(
            progress=lambda items, **kwargs: tqdm(items, disable=None, **kwargs)
        ).build()
        created, existing = load_demo_synonyms()
        report.counts["synonym groups"] = {"created": created, "existing": existing}
        report.counts.update(load_demo_bidding())
        report.counts.update(load_demo_experts())
        for what, tally in report.counts.items():
            self.stdout.write(
                f"{what}: {tally['created']} created, {tally['existing']} already there"
            )
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password {DEMO_PASSWORD}):"))
        for username, _group, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<11} {role}")
