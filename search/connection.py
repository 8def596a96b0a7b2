"""The Elasticsearch connection, configured from settings.ELASTICSEARCH_URL through elasticsearch-dsl."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch.dsl import connections


def get_client():
    """The elasticsearch-dsl connection for the configured URL, created on first use (one per
    URL, so a test that points the setting elsewhere gets a client for that place).

    ELASTICSEARCH_URL may name several nodes of one cluster, separated by commas.
    """
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise ImproperlyConfigured(
            "ELASTICSEARCH_URL is not set: search runs on the embedded backend."
        )
    try:
        return connections.get_connection(url)
    except KeyError:
        return connections.create_connection(
            alias=url,
            hosts=[node.strip() for node in url.split(",")],
            request_timeout=10,
            retry_on_timeout=True,
        )


def public_url():
    """ELASTICSEARCH_URL without user names and passwords, fit for messages and logs."""
    nodes = []
    for node in settings.ELASTICSEARCH_URL.split(","):
        parts = urlsplit(node.strip())
        host = parts.hostname or ""
        nodes.append(f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}")
    return ",".join(nodes)


def server_version():
    """The version string the node we talk to reports, e.g. "8.19.21".

    Asked of `_nodes/_local` rather than `GET /`: the integ-test server answers the root
    endpoint with 405, while the nodes info API is part of every Elasticsearch 8 server.
    """
    answer = get_client().nodes.info(node_id="_local", filter_path="nodes.*.version")
    (node,) = answer["nodes"].values()
    return node["version"]
