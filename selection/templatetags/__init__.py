"""Template tags of the selection stage."""
