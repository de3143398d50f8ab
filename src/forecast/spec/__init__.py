"""The edge where users' YAML becomes validated domain objects."""
