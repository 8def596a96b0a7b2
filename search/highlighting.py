"""Highlighting in Python, for a backend (or a bench) that has no highlighter of its own: <mark>
around each place an alternative of the query, or one of its words, occurs in a record."""

import html
import re

from . import text


def highlight(record, terms, fragment_size=80):
    """Highlighted fragments of the title, summary and body, in Python: <mark> around each
    place an alternative of the query occurs, the rest escaped."""
    if not terms:
        return {}
    needles = sorted(
        {
            needle
            for alternative in terms.alternatives()
            for needle in [alternative, *text.words(alternative, for_query=True)]
            if needle
        },
        key=len,
        reverse=True,
    )
    pattern = re.compile("|".join(re.escape(needle) for needle in needles), re.IGNORECASE)
    fragments = {}
    for name in ("title", "summary", "body"):
        value = record[name]
        matches = list(pattern.finditer(value))
        if not matches:
            continue
        if name == "title":
            fragments[name] = [_marked(value, matches)]
            continue
        found = []
        for match in matches[:2]:
            start = max(0, match.start() - fragment_size // 3)
            end = min(len(value), start + fragment_size)
            if found and start < found[-1][1]:
                continue
            found.append((start, end))
        fragments[name] = [
            _marked(value[start:end], list(pattern.finditer(value[start:end])))
            for start, end in found
        ]
    return fragments


def _marked(value, matches):
    out, last = [], 0
    for match in matches:
        out.append(html.escape(value[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    out.append(html.escape(value[last:]))
    return "".join(out).replace("</mark><mark>", "")
