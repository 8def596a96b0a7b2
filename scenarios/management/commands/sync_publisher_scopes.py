"""``sync_publisher_scopes``: give every publishing organisation its section, group and collection
(moving its lists into its section) and every publisher account its organisation's group."""

from django.core.management.base import BaseCommand

from scenarios.services import publisher_scopes_sync


class Command(BaseCommand):
    help = (
        "Create or update each publishing organisation's section of the page tree and its "
        "editing group, and put each publisher account in its organisation's group (idempotent)."
    )

    def handle(self, *args, **options):
        sections, accounts = publisher_scopes_sync()
        self.stdout.write(f"{sections} publisher sections, {accounts} publisher accounts in step")
