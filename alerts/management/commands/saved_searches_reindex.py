"""`manage.py saved_searches_reindex`: analyse every saved search again and write it to the
subscriptions index (after the search dictionary changed, or to fill a new index)."""

from django.core.management.base import BaseCommand
from django.db.models import F

from alerts.models import SavedSearch
from alerts.subscriptions import subscriptions_sync
from search import text


class Command(BaseCommand):
    help = "Analyse every saved search again and write it to the subscriptions index."

    def handle(self, *args, **options):
        text.reset_tokenizer()
        SavedSearch.objects.update(index_pending=True, version=F("version") + 1)
        written = subscriptions_sync()
        self.stdout.write(f"saved searches written to the subscriptions index: {written}")
