"""Selection (甄选): expert pool, review panels, conflicts of interest, scoring, consensus,
roadshows, the decision, the public result notice (公示) with objections, and feedback."""
