"""Rendering results for people and programs: tables here, charts and briefs beside them."""
