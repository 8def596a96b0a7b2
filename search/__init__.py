"""Search: the Elasticsearch connection now; documents, analyzers, queries and matching come next."""
