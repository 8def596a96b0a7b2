"""Matching (对接): keywords of opportunities, organisations and bids, and the explained match
between them (recommendations, likely solvers, bid coverage, invitations to bid)."""
