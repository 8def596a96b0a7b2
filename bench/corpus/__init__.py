"""A bench-only app: a flat table of generated opportunities that every search engine indexes."""
