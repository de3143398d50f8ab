"""Every property of every JSON Schema `forecast schema` prints has a description (meaning,
unit where there is one, an example), and the README's format tables are made from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.spec.descriptions import DESCRIPTIONS, format_tables

ROOT = Path(__file__).resolve().parents[2]
KINDS = ["model", "scenario", "sources", "overlay"]


def _properties(schema: dict) -> list[tuple[str, str, dict]]:
    parts = {"(root)": schema, **schema.get("$defs", {})}
    return [(name, key, prop) for name, part in parts.items()
            for key, prop in part.get("properties", {}).items()]


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_is_described_with_an_example(kind: str) -> None:
    result = CliRunner().invoke(app, ["schema", kind])
    assert result.exit_code == 0
    props = _properties(json.loads(result.output))
    missing = [f"{name}.{key}" for name, key, prop in props if not prop.get("description")]
    assert missing == [], f"undescribed keys in the {kind} schema: {missing}"
    without_example = [f"{name}.{key}" for name, key, prop in props
                       if "Example:" not in prop["description"]]
    assert without_example == []


def test_the_count_of_described_properties() -> None:
    counted, total = {}, {}
    for kind in KINDS:
        props = _properties(json.loads(CliRunner().invoke(app, ["schema", kind]).output))
        counted[kind] = sum(1 for *_, prop in props if prop.get("description"))
        total[kind] = len(props)
    # every property of every format (nested parts counted in each format that uses them);
    # when this was written: model 52, scenario 54, sources 11, overlay 24
    assert counted == total, (counted, total)
    assert sum(counted.values()) >= 96
    assert sum(len(keys) for keys in DESCRIPTIONS.values()) >= 76


def test_no_description_is_for_a_key_that_does_not_exist() -> None:
    from forecast.spec import models

    for name, keys in DESCRIPTIONS.items():
        fields = getattr(models, name).model_fields
        written = set(fields) | {f.alias for f in fields.values() if f.alias}  # `from`, `class`
        assert set(keys) <= written, (name, set(keys) - written)


def test_the_readme_has_the_format_tables() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert format_tables() in readme, "README's format tables are stale: paste format_tables()"
