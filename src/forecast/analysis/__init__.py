"""Analyses over a network and an engine: plain functions returning JSON-ready dicts."""
