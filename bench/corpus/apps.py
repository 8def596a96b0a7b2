"""App configuration of the bench corpus (installed by config.settings.bench only)."""

from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "bench.corpus"
    label = "bench_corpus"
    default_auto_field = "django.db.models.BigAutoField"
