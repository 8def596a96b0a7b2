"""Demo content: a realistic Chinese site built from the planning documents in shared/seeds/."""
