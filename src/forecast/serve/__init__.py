"""`forecast serve`: a local what-if page over a scenario (Starlette, imported only here)."""
