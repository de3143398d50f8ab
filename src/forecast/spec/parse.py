"""Validate a YAML `Document` against a pydantic spec, reporting every error at its line."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem, UserError
from .models import FORMATS, SPECS, TableRow
from .yamlio import Document

SpecT = TypeVar("SpecT", bound=BaseModel)


def detect_kind(doc: Document) -> str:
    """Which format a document declares in its `format:` key."""
    if not isinstance(doc.data, dict):
        raise UserError(doc.problem(
            f"the file holds a {_type_name(doc.data)}, not a mapping; "
            "start with `format: forecast-model/1` (or -scenario/1, -sources/1, -overlay/1)"))
    fmt = doc.data.get("format")
    if fmt is None:
        raise UserError(doc.problem(
            "missing `format:`; write forecast-model/1, forecast-scenario/1 or forecast-sources/1"))
    if fmt not in FORMATS:
        raise UserError(doc.problem(
            f"unknown format {fmt!r}; expected one of {', '.join(sorted(FORMATS))}", ("format",)))
    return FORMATS[fmt]


def parse(doc: Document, kind: str) -> Any:
    """The spec object of `kind` for `doc`, or a UserError listing every problem."""
    spec_type = SPECS[kind]
    if not isinstance(doc.data, dict):
        raise UserError(doc.problem(
            f"the file holds a {_type_name(doc.data)}, not a mapping; see `forecast schema {kind}`"))
    expected = next(f for f, k in FORMATS.items() if k == kind)
    fmt = doc.data.get("format")
    if fmt is not None and fmt != expected and fmt in FORMATS:
        raise UserError(doc.problem(
            f"this is a {FORMATS[fmt]} file ({fmt}), but a {kind} ({expected}) is needed here",
            ("format",)))
    try:
        return spec_type.model_validate(_with_checked_rows(doc) if kind == "model" else doc.data)
    except ValidationError as exc:
        raise UserError(problems_from(doc, exc, kind)) from None


def _with_checked_rows(doc: Document) -> Any:
    """The data with the table rows the YAML reader has already checked (hundreds of
    thousands in an imported network) as spec objects, which pydantic takes as they are."""
    nodes = doc.data.get("nodes")
    if not doc.checked_tables or not isinstance(nodes, dict):
        return doc.data
    nodes = dict(nodes)
    for name in doc.checked_tables:
        node = nodes.get(name)
        if isinstance(node, dict) and isinstance(node.get("table"), list):
            rows = [TableRow.model_construct(given=r["given"], p=r["p"]) for r in node["table"]]
            nodes[name] = {**node, "table": rows}
    return {**doc.data, "nodes": nodes}


def problems_from(doc: Document, exc: ValidationError, kind: str) -> list[Problem]:
    """Turn pydantic's errors into located, actionable problems, dropping union noise."""
    entries = []
    for err in exc.errors(include_url=False):
        loc = _data_path(doc.data, err["loc"])
        entries.append((loc, err))
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for loc, err in entries:
        if err["type"] in {"dict_type", "list_type"} and any(
            other_loc[: len(loc)] == loc and len(other_loc) > len(loc) for other_loc, _ in entries
        ):
            continue
        message = _message(loc, err, kind)
        key = (loc, message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(doc.problem(message, loc))
    return problems


def _data_path(data: Any, loc: tuple) -> tuple:
    """Keep the parts of pydantic's `loc` that exist in the data (drop union branch tags)."""
    path: list[Any] = []
    here = data
    for part in loc:
        in_dict = isinstance(here, dict) and isinstance(part, str) and part in here
        in_list = isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)
        if in_dict or in_list:
            path.append(part)
            here = here[part]
        elif isinstance(here, dict) and isinstance(part, str) and part not in here and (
            "[" not in part and part not in {"int", "float", "str", "bool"}
        ):
            path.append(part)  # a missing or unknown key: keep its name for the message
            here = None
    return tuple(path)


def _message(loc: tuple, err: dict, kind: str) -> str:
    kind_ = err["type"]
    value = err.get("input")
    field = ".".join(str(p) for p in loc) or "file"
    if kind_ == "extra_forbidden":
        return f"unknown key {loc[-1]!r}; check the spelling (`forecast schema {kind}` lists the keys)"
    ctx = err.get("ctx", {})
    if kind_ == "missing":
        return f"missing required key {loc[-1]!r}; add it (`forecast schema {kind}` lists the keys)"
    if isinstance(value, bool) and kind_ in {"string_type", "string_pattern_mismatch"}:
        return f"{field}: {str(value).lower()} is read as a boolean; quote it if you mean a name"
    if kind_ == "string_pattern_mismatch" or (kind_ == "string_type" and loc and loc[-1] == "grade"):
        if "A-F" in str(ctx.get("pattern", "")) or (loc and loc[-1] == "grade"):
            return (f"{field}: grade {value!r} is not an Admiralty grade; write a letter A-F "
                    "then a digit 1-6, e.g. B2")
        if loc and loc[-1] == "url":
            return (f"{field}: {value!r} is not a web address; give one starting http:// or "
                    "https://, without spaces")
        return (f"{field}: {value!r} is not a valid name; use ASCII letters, digits and _ "
                "and do not start with a digit")
    if kind_ == "string_type":
        if value is None:
            return f"{field}: no value (null); write one"
        if isinstance(value, (dict, list)):
            return f"{field}: expected text, not a {_type_name(value)}"
        return f"{field}: {value!r} is a {_type_name(value)}, not text; quote it if you mean text"
    if kind_ == "string_too_short":
        return f"{field}: empty; write some text or remove the key"
    if kind_ == "value_error":
        return f"{field}: {err['msg'].removeprefix('Value error, ')}"
    if kind_ in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = {"greater_than": f"greater than {ctx.get('gt')}",
                 "greater_than_equal": f"at least {ctx.get('ge')}",
                 "less_than": f"less than {ctx.get('lt')}",
                 "less_than_equal": f"at most {ctx.get('le')}"}[kind_]
        return f"{field}: {value!r} is out of range; it must be {bound}"
    if kind_.startswith("date") or kind_ == "date_from_datetime_parsing":
        return f"{field}: {value!r} is not a valid date; write YYYY-MM-DD"
    if kind_ == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{field}: {value!r} is not allowed; expected {expected}"
    if kind_ in {"int_type", "float_type"}:
        if isinstance(value, bool):
            return f"{field}: {str(value).lower()} is a boolean, not a number; write a number"
        return f"{field}: {value!r} is not a number; write a number such as 0.25"
    if kind_ == "too_short":
        got = len(value) if isinstance(value, (list, dict)) else "fewer"
        return f"{field}: too few entries ({got}); give at least {ctx.get('min_length', 1)}"
    if kind_ in {"dict_type", "list_type"}:
        want = "a mapping (key: value)" if kind_ == "dict_type" else "a list ([a, b] or - items)"
        return f"{field}: expected {want}, not a {_type_name(value)}"
    return f"{field}: {err['msg']}"


def _type_name(value: Any) -> str:
    return {list: "list", dict: "mapping", str: "single text value", int: "number",
            float: "number", bool: "boolean", type(None): "null"}.get(type(value), type(value).__name__)
