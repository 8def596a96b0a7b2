"""The drill table: one row per drill, printed by each drill test (seen with `pytest -s`)."""

COLUMNS = ("drill", "changes", "user errors", "lost", "drift", "clean in")
_printed_header = False


def print_drill_row(drill, changes, user_errors, lost, drift, clean_in_s):
    """Print the header once per run, then this drill's row."""
    global _printed_header
    widths = (52, 8, 12, 5, 6, 9)
    print()
    if not _printed_header:
        print(" | ".join(name.ljust(width) for name, width in zip(COLUMNS, widths, strict=True)))
        print("-+-".join("-" * width for width in widths))
        _printed_header = True
    cells = (drill, changes, user_errors, lost, drift, f"{clean_in_s:.1f} s")
    print(" | ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True)))
