"""Organisations' participation: companies, bids, reviews and the project lifecycle (later issues)."""
