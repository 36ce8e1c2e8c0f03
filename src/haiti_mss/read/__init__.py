"""Text → records: the only package that imports yaml and pydantic (in its modules, never here)."""
