"""Saved searches and alerts: a search saved with a frequency is matched in reverse against each
published or amended opportunity, and told once per publication; following (关注) one
opportunity sends its answers, amendments and result."""
