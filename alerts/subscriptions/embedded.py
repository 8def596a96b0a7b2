"""The subscriptions index of the embedded backend: SQLite, in a file of its own.

`subscriptions` holds one row per active saved search (its required count and keyword filters,
ANY when unset), `subscription_terms` one row per (term, saved search). A published record's
terms go into a temporary table; a saved search matches when as many of its terms join as it
requires, or when it requires none, and its filters hold one of the record's values or ANY.
"""

import sqlite3
import threading
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings

from .analysis import KEYWORD_FILTERS, record_keywords, record_terms

SCHEMA = """
create table if not exists subscriptions (
    id integer primary key, version integer not null, required integer not null,
    checked integer not null, kind text, domain text, region text, level text, list text
);
create index if not exists subscriptions_required on subscriptions (required);
create table if not exists subscription_terms (
    term text not null, subscription_id integer not null, primary key (term, subscription_id)
) without rowid;
create index if not exists subscription_terms_owner on subscription_terms (subscription_id);
"""


class EmbeddedSubscriptions:
    name = "embedded"

    def __init__(self, path=None):
        self.path = Path(path or settings.ALERTS_EMBEDDED_PATH)
        self._write_lock = threading.Lock()

    @contextmanager
    def connect(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as connection:
            connection.executescript(SCHEMA)
            with connection:
                yield connection

    def _write(self, connection, documents):
        documents = list(documents)
        ids = [(document["id"],) for document in documents]
        connection.executemany("delete from subscription_terms where subscription_id = ?", ids)
        connection.executemany(
            "insert or replace into subscriptions values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    document["id"],
                    document["version"],
                    len(document["terms"]),
                    int(document["checked"]),
                    *(document[name] for name in KEYWORD_FILTERS),
                )
                for document in documents
            ],
        )
        connection.executemany(
            "insert or ignore into subscription_terms values (?, ?)",
            [(term, document["id"]) for document in documents for term in document["terms"]],
        )

    def put(self, document, refresh=True):
        self.put_many([document])

    def remove(self, saved_search_id, version, refresh=True):
        with self._write_lock, self.connect() as connection:
            connection.execute(
                "delete from subscription_terms where subscription_id = ?", (saved_search_id,)
            )
            connection.execute(
                "delete from subscriptions where id = ? and version <= ?",
                (saved_search_id, version),
            )

    def put_many(self, documents):
        """Write documents; one the index holds a newer version of is left as it is."""
        documents = list(documents)
        with self._write_lock, self.connect() as connection:
            held = {}
            ids = [document["id"] for document in documents]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                held.update(
                    connection.execute(
                        f"select id, version from subscriptions where id in ({', '.join('?' * len(part))})",
                        part,
                    ).fetchall()
                )
            self._write(
                connection,
                [doc for doc in documents if held.get(doc["id"], 0) <= doc["version"]],
            )

    def match(self, record):
        """[(saved search id, checked)] of every subscription the record matches."""
        keywords = record_keywords(record)
        conditions, values = [], []
        for name in KEYWORD_FILTERS:
            options = keywords[name]
            conditions.append(f"s.{name} in ({', '.join('?' * len(options))})")
            values.extend(options)
        where = " and ".join(conditions)
        with self.connect() as connection:
            connection.execute(
                "create temp table if not exists record_terms (term text primary key)"
            )
            connection.execute("delete from record_terms")
            connection.executemany(
                "insert or ignore into record_terms values (?)",
                [(term,) for term in record_terms(record)],
            )
            rows = connection.execute(
                f"""
                select s.id, s.checked from subscriptions s join (
                    select t.subscription_id as id, count(*) as held
                    from record_terms r join subscription_terms t on t.term = r.term
                    group by t.subscription_id
                ) m on m.id = s.id
                where s.required > 0 and m.held >= s.required and {where}
                union all
                select s.id, s.checked from subscriptions s where s.required = 0 and {where}
                """,
                [*values, *values],
            ).fetchall()
        return [(row[0], bool(row[1])) for row in rows]

    def clear(self):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
