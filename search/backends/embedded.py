"""The embedded backend: SQLite FTS5 in a file of its own, for `make run` without Elasticsearch.

Each text field is stored as jieba words plus character bigrams (the same views the Elasticsearch
fields give), so FTS5's unicode61 tokenizer only has to split on spaces. The file is separate from
the site's database, so it works whatever DATABASE_URL says; a rebuild writes a new file and
renames it over the old one, so searches keep answering meanwhile.
"""

import json
import os
import re
import sqlite3
import threading
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cms.models import Status

from .. import text
from ..documents import TEXT_FIELDS, suggestion_inputs
from ..highlighting import highlight
from ..params import (
    ALL_GROUPS_WEIGHT,
    COVERAGE_WEIGHT,
    FACETS,
    PART_BOOST,
    RELATED_BOOST,
)
from .base import SearchBackend, hit_from_record, results

SCHEMA = f"""
create table if not exists docs (
    id integer primary key, revision integer, kind text, level text, region text,
    list_id integer, opens_at text, deadline text, amount real, published_at text,
    record text not null
);
create table if not exists doc_domains (doc_id integer, slug text, primary key (doc_id, slug));
create table if not exists versions (id integer primary key, version integer not null);
create table if not exists suggestions (doc_id integer, term text, folded text);
create index if not exists suggestions_folded on suggestions (folded);
create index if not exists suggestions_doc on suggestions (doc_id);
create virtual table if not exists fts using fts5(
    {", ".join(TEXT_FIELDS)}, tokenize = "unicode61 remove_diacritics 0 tokenchars '-_.+#/'"
);
"""
# bm25 weights of the columns. FTS5 normalises by the length of the whole row, not of each
# field as Elasticsearch does, so a match in a short title counts for less than there: the
# title and keywords weigh more here (measured on the tune half of tests/search/real_set).
FTS_FIELD_WEIGHTS = {"title": 10.0, "keywords_text": 10.0, "summary": 1.0, "body": 0.3}
# The raw text's bm25 here is of its pairs only, and counts fully (0.3 ranked worse here).
FTS_RECALL_BOOST = 1.0
# A search connection maps the file and caches pages; a larger file is read through the OS.
READ_MMAP_BYTES = 256 * 1024 * 1024
READ_CACHE_KIB = 64 * 1024
FACET_COLUMNS = {"kind": "kind", "region": "region", "level": "level", "list": "list_id"}
# What the filters and facets read of a found document (its record stays behind).
MATCHED_COLUMNS = "id, kind, level, region, list_id, opens_at, deadline, amount"
_FTS_UNSAFE = re.compile(r'"')


def _indexed_text(record, name):
    """What FTS5 stores for one field: its jieba words (already in the record) and its bigrams."""
    return f"{record[f'{name}_words']} {' '.join(text.bigrams(record[name]))}"


def _phrase(token):
    return '"' + _FTS_UNSAFE.sub('""', token) + '"'


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, path=None):
        self.path = Path(path or settings.SEARCH_EMBEDDED_PATH)
        self._write_lock = threading.Lock()
        self._readers = threading.local()

    # -- storage -----------------------------------------------------------------------------
    @contextmanager
    def connect(self, path=None):
        path = Path(path or self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=30)) as connection:
            connection.row_factory = sqlite3.Row
            connection.executescript(SCHEMA)
            with connection:
                yield connection

    def reading(self):
        """This thread's connection for searches, or None when there is no index yet. It is
        kept open (with its page cache) while the path names the same file, which SQLite keeps
        current through writes; a rebuild renames a new file over it, and the next search opens
        that one (the kept connection holds the old file open, so its inode is not reused
        meanwhile). No schema statements are run: the file was made by `connect`."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        key = (stat.st_dev, stat.st_ino)
        kept = getattr(self._readers, "kept", None)
        if kept and kept[0] == key:
            return kept[1]
        if kept:
            kept[1].close()
        connection = sqlite3.connect(self.path, timeout=30)
        connection.row_factory = sqlite3.Row
        connection.execute(f"pragma mmap_size = {READ_MMAP_BYTES}")
        connection.execute(f"pragma cache_size = -{READ_CACHE_KIB}")
        self._readers.kept = (key, connection)
        return connection

    def refresh(self):
        """Nothing to do: a committed SQLite write is visible at once."""

    def clear(self):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    # -- writes ------------------------------------------------------------------------------
    def _write(self, connection, record):
        self._remove(connection, record["id"])
        self._write_many(connection, [record])

    @staticmethod
    def _write_many(connection, records):
        """Insert the rows of new documents, one statement per table."""
        connection.executemany(
            "insert into docs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    record["id"],
                    record["revision"],
                    record["kind"],
                    record["level"],
                    record["region"],
                    record["list_id"],
                    record["opens_at"],
                    record["deadline"],
                    record["amount_wan"],
                    record["published_at"],
                    json.dumps(record, ensure_ascii=False),
                )
                for record in records
            ],
        )
        connection.executemany(
            "insert into doc_domains values (?, ?)",
            [(record["id"], slug) for record in records for slug in record["domains"]],
        )
        connection.executemany(
            "insert into suggestions values (?, ?, ?)",
            [
                (record["id"], term, text.normalize(term))
                for record in records
                for term in suggestion_inputs(record)
            ],
        )
        connection.executemany(
            f"insert into fts (rowid, {', '.join(TEXT_FIELDS)}) values (?, ?, ?, ?, ?)",
            [
                (record["id"], *(_indexed_text(record, name) for name in TEXT_FIELDS))
                for record in records
            ],
        )

    @staticmethod
    def _remove(connection, page_id):
        for table, column in (
            ("docs", "id"),
            ("doc_domains", "doc_id"),
            ("suggestions", "doc_id"),
            ("fts", "rowid"),
        ):
            connection.execute(f"delete from {table} where {column} = ?", (page_id,))

    def apply(self, page_id, record, version):
        with self._write_lock, self.connect() as connection:
            row = connection.execute("select version from versions where id = ?", (page_id,))
            stored = row.fetchone()
            if stored and stored["version"] > version:
                return  # the index already holds a newer version
            connection.execute("insert or replace into versions values (?, ?)", (page_id, version))
            if record is None:
                self._remove(connection, page_id)
            else:
                self._write(connection, record)

    def rebuild(self, chunks, version, progress=None):
        building = self.path.with_name(f"{self.path.name}.building")
        Path(building).unlink(missing_ok=True)
        with self.connect(building) as connection:  # one transaction
            for chunk in chunks:
                self._write_many(connection, chunk)
                connection.executemany(
                    "insert or replace into versions values (?, ?)",
                    [(record["id"], version) for record in chunk],
                )
                if progress:
                    progress(len(chunk))
        with self._write_lock:
            os.replace(building, self.path)
        return str(self.path)

    def ping(self):
        """The embedded index is a local file: always within reach."""

    # -- reads -------------------------------------------------------------------------------
    def indexed_revisions(self):
        if not self.path.exists():
            return {}
        with self.connect() as connection:
            return dict(connection.execute("select id, revision from docs").fetchall())

    @staticmethod
    def _group_expression(group):
        """FTS5 syntax for whether a document holds a group: any alternative, as all of its
        words or, for Han text jieba may have split differently, all of its pairs."""
        alternatives = []
        for alternative in group:
            tokens = text.words(alternative, for_query=True) or text.bigrams(alternative)
            if not tokens:
                continue
            alternatives.append("(" + " AND ".join(_phrase(token) for token in tokens) + ")")
            grams = text.bigrams(alternative)
            pairs = [gram for gram in grams if len(gram) == 2 and text.has_han(gram)]
            pairs = pairs or [gram for gram in grams if not text.has_han(gram)]
            if pairs and pairs != tokens:
                alternatives.append("(" + " AND ".join(_phrase(gram) for gram in pairs) + ")")
        return " OR ".join(alternatives)

    def _group_expressions(self, terms):
        return [
            expression for group in terms.groups if (expression := self._group_expression(group))
        ]

    @staticmethod
    def _any_token_expression(values, pairs=False):
        """Any jieba word, character or pair of any of `values` (with `pairs`, no single
        characters but those of a single-character value)."""
        tokens = {}
        for value in values:
            tokens.update(dict.fromkeys(text.words(value, for_query=True)))
            tokens.update(dict.fromkeys(text.pairs(value) if pairs else text.bigrams(value)))
        return " OR ".join(_phrase(token) for token in tokens)

    def _recall_expression(self, terms):
        """What finds a document, and the raw text's bm25: a word or pair of the query or of
        its alternatives, parts and related terms; a shared character alone finds nothing."""
        return self._any_token_expression([terms.raw, *terms.alternatives()], pairs=True)

    def _where(self, params, terms, skip=None):
        """SQL conditions and arguments for the text match and every filter but `skip`."""
        clauses, args = [], []
        if terms:
            clauses.append("docs.id in (select rowid from fts where fts match ?)")
            args.append(self._recall_expression(terms))
        for facet, value in params.filters().items():
            if facet == skip:
                continue
            if facet == "status":
                clause, status_args = self._status_clause(value, timezone.now().isoformat())
                clauses.append(clause)
                args.extend(status_args)
            elif facet == "domain":
                clauses.append("docs.id in (select doc_id from doc_domains where slug = ?)")
                args.append(value)
            else:
                clauses.append(f"docs.{FACET_COLUMNS[facet]} = ?")
                args.append(value)
        if params.amount_min is not None:
            clauses.append("docs.amount >= ?")
            args.append(params.amount_min)
        if params.amount_max is not None:
            clauses.append("docs.amount <= ?")
            args.append(params.amount_max)
        if params.deadline_from:
            clauses.append("julianday(docs.deadline) >= julianday(?)")
            args.append(_day_start(params.deadline_from))
        if params.deadline_to:
            clauses.append("julianday(docs.deadline) < julianday(?) + 1")
            args.append(_day_start(params.deadline_to))
        return (" and ".join(clauses) or "1"), args

    @staticmethod
    def _status_clause(status, now):
        if status == Status.UPCOMING:
            return "julianday(docs.opens_at) > julianday(?)", [now]
        if status == Status.CLOSED:
            return "julianday(docs.deadline) < julianday(?)", [now]
        return (
            "julianday(docs.deadline) >= julianday(?)"
            " and (docs.opens_at is null or julianday(docs.opens_at) <= julianday(?))",
            [now, now],
        )

    def search(self, query):
        params, terms = query.params, query.terms
        connection = self.reading()
        if connection is None:
            return results(params, 0, [], {})
        where, args = self._where(params, terms)
        if query.facets:
            total, counts = self._total_and_facets(connection, params, terms)
        else:
            total = connection.execute(f"select count(*) from docs where {where}", args)
            total, counts = total.fetchone()[0], {}
        order = self._order(params, terms)
        rows = connection.execute(
            f"select docs.record, {order['score']} as score from docs "
            f"{order['join']} where {where} order by {order['by']} limit ? offset ?",
            [*order["score_args"], *args, *order["by_args"], params.page_size, params.offset],
        ).fetchall()
        hits = []
        for row in rows:
            record = json.loads(row["record"])
            marked = highlight(record, terms) if query.highlights else {}
            hits.append(hit_from_record(record, marked, score=row["score"]))
        return results(params, total, hits, counts)

    def _order(self, params, terms):
        """The score expression, its join and the ORDER BY, with their arguments apart (the
        score's come before WHERE in the statement, the ORDER BY's after it)."""
        order = {"score": "null", "join": "", "score_args": [], "by_args": []}
        if params.sort == "newest" or (params.sort == "relevance" and not terms):
            return {**order, "by": "docs.published_at desc, docs.id desc"}
        if params.sort == "amount":
            return {**order, "by": "docs.amount is null, docs.amount desc, docs.id asc"}
        if params.sort == "deadline":
            return {
                **order,
                "by": "julianday(docs.deadline) < julianday(?), docs.deadline asc, docs.id asc",
                "by_args": [timezone.now().isoformat()],
            }
        weights = ", ".join(str(FTS_FIELD_WEIGHTS[name]) for name in TEXT_FIELDS)
        groups = self._group_expressions(terms)
        matched = ["(docs.id in (select rowid from fts where fts match ?))" for _ in groups]
        coverage = f"{COVERAGE_WEIGHT} * ({' + '.join(matched) or 0})"
        if len(groups) > 1:
            coverage += f" + {ALL_GROUPS_WEIGHT} * ({' and '.join(matched)})"
        # Each group's bm25 and the raw text's, as Elasticsearch sums them; bm25() is lower
        # for better matches, so it is negated.
        ranked = [(self._recall_expression(terms), FTS_RECALL_BOOST)]
        ranked += [(self._any_token_expression(group), 1.0) for group in terms.groups]
        ranked += [(self._any_token_expression(part), PART_BOOST) for part in terms.parts]
        ranked += [(self._any_token_expression(words), RELATED_BOOST) for words in terms.related]
        ranked = [(expression, boost) for expression, boost in ranked if expression]
        joins = [
            f"{'join' if number == 0 else 'left join'} (select rowid, bm25(fts, {weights}) "
            f"as score from fts where fts match ?) as rank{number} "
            f"on rank{number}.rowid = docs.id"
            for number in range(len(ranked))
        ]
        bm25 = " + ".join(
            f"{boost} * -coalesce(rank{number}.score, 0)"
            for number, (_expression, boost) in enumerate(ranked)
        )
        return {
            **order,
            "score": f"({bm25} + {coverage})",
            "join": " ".join(joins),
            "score_args": [
                *groups,
                *(groups if len(groups) > 1 else []),
                *(expression for expression, _boost in ranked),
            ],
            "by": "score desc, docs.published_at desc, docs.id desc",
        }

    def _total_and_facets(self, connection, params, terms):
        """The total and every facet's counts (each under every filter but its own) in one
        statement: the documents the text finds are found once, then counted by each facet."""
        if terms:
            source = (
                f"with matched as materialized (select {MATCHED_COLUMNS} from docs where docs.id in "
                "(select rowid from fts where fts match ?)) "
            )
            source_args, table = [self._recall_expression(terms)], "matched as docs"
        else:
            source, source_args, table = "", [], "docs"
        selects, args = [], []

        def counted(facet, value, tail="", skip=None, extra=("", [])):
            where, where_args = self._where(params, None, skip=skip)
            selects.append(
                f"select '{facet}', {value}, count(*) from {table} {tail} "
                f"where {where}{extra[0]}" + (f" group by {value}" if value != "null" else "")
            )
            args.extend([*where_args, *extra[1]])

        counted("total", "null")
        now = timezone.now().isoformat()
        for status in Status:
            clause, status_args = self._status_clause(status, now)
            counted(
                f"status:{status.value}",
                "null",
                skip="status",
                extra=(f" and {clause}", status_args),
            )
        counted(
            "domain",
            "doc_domains.slug",
            tail="join doc_domains on doc_domains.doc_id = docs.id",
            skip="domain",
        )
        for name, column in FACET_COLUMNS.items():
            counted(name, f"docs.{column}", skip=name)
        rows = connection.execute(
            source + " union all ".join(selects), [*source_args, *args]
        ).fetchall()
        total, counts = 0, {name: [] for name in FACETS}
        for facet, value, count in rows:
            if facet == "total":
                total = count
            elif facet.startswith("status:"):
                counts["status"].append((facet.partition(":")[2], count))
            else:
                counts[facet].append((value, count))
        return total, counts

    def suggest(self, prefix, limit=8):
        folded = text.normalize(prefix)
        connection = self.reading() if folded else None
        if connection is None:
            return []
        rows = connection.execute(
            "select term from suggestions where folded >= ? and folded < ? "
            "group by term order by length(term), term limit ?",
            (folded, folded + "\U0010ffff", limit),
        ).fetchall()
        return [row["term"] for row in rows]


def _day_start(day):
    return timezone.make_aware(
        timezone.datetime(day.year, day.month, day.day), timezone.get_current_timezone()
    ).isoformat()
