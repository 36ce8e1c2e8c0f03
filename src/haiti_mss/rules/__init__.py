"""The checks of `mss check`: source, claim and dataset rules, registered in `registered.RULES`.

Nothing is imported here, so that the index can read what rules read (`reads.Reads`) without
loading the rules themselves."""
