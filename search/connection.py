"""The Elasticsearch connection, configured from settings.ELASTICSEARCH_URL through elasticsearch-dsl."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch.dsl import connections


def get_client():
    """The default elasticsearch-dsl connection, created on first use."""
    if not settings.ELASTICSEARCH_URL:
        raise ImproperlyConfigured(
            "ELASTICSEARCH_URL is not set: search runs on the embedded backend."
        )
    try:
        return connections.get_connection()
    except KeyError:
        return connections.create_connection(
            hosts=[settings.ELASTICSEARCH_URL], request_timeout=10, retry_on_timeout=True
        )


def server_version():
    """The version string the cluster reports, e.g. "8.19.3"."""
    return get_client().info()["version"]["number"]
