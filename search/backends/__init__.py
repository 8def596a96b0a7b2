"""Search backends: Elasticsearch when ELASTICSEARCH_URL is set, the embedded SQLite FTS5 one otherwise."""

from django.conf import settings
from django.utils.module_loading import import_string

_backends = {}


class SearchUnavailable(Exception):
    """The index cannot be reached (Elasticsearch down or not ready): searches answer 503 and
    index operations stay pending. The message names the service without its credentials."""


def get_backend(name=None):
    """The configured backend ("elasticsearch" or "embedded"), one instance per process."""
    name = name or ("elasticsearch" if settings.ELASTICSEARCH_URL else "embedded")
    if name not in _backends:
        path = {
            "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
            "embedded": "search.backends.embedded.EmbeddedBackend",
        }[name]
        _backends[name] = import_string(path)()
    return _backends[name]


def reset_backends():
    """Forget backend instances (tests change the settings they are built from)."""
    _backends.clear()
