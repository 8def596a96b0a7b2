"""The Elasticsearch connection, configured from settings.ELASTICSEARCH_URL through elasticsearch-dsl."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch.dsl import connections


def get_client():
    """The default elasticsearch-dsl connection, created on first use.

    ELASTICSEARCH_URL may name several nodes of one cluster, separated by commas.
    """
    if not settings.ELASTICSEARCH_URL:
        raise ImproperlyConfigured(
            "ELASTICSEARCH_URL is not set: search runs on the embedded backend."
        )
    try:
        return connections.get_connection()
    except KeyError:
        return connections.create_connection(
            hosts=[url.strip() for url in settings.ELASTICSEARCH_URL.split(",")],
            request_timeout=10,
            retry_on_timeout=True,
        )


def server_version():
    """The version string the node we talk to reports, e.g. "8.19.21".

    Asked of `_nodes/_local` rather than `GET /`: the integ-test server answers the root
    endpoint with 405, while the nodes info API is part of every Elasticsearch 8 server.
    """
    answer = get_client().nodes.info(node_id="_local", filter_path="nodes.*.version")
    (node,) = answer["nodes"].values()
    return node["version"]
