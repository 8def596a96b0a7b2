"""Wagtail content: the pages and snippets publishers write opportunity lists in."""
