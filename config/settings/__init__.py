"""Settings modules: base, local (embedded default), test and production."""
