"""Safe YAML reading (spec/yamlio.py): positions, duplicate keys, tags, bombs, encodings, booleans."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest

from forecast.errors import UserError
from forecast.spec.load import load_model
from forecast.spec.yamlio import MAX_ALIASES, MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml, read_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def fails(text: str, path: str = "f.yaml") -> UserError:
    with pytest.raises(UserError) as info:
        load_yaml(path, text)
    return info.value


def where(error: UserError) -> tuple[str | None, int | None, int | None]:
    problem = error.problems[0]
    return problem.path, problem.line, problem.col


# --- positions ---------------------------------------------------------------------------------

def test_every_value_keeps_its_line_and_column() -> None:
    doc = load_yaml("m.yaml", "a: 1\nb:\n  c: [x, y]\n  d:\n    - {e: 2}\n")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"], "d": [{"e": 2}]}}
    assert doc.locations[("a",)] == (1, 1)  # a key is located at the key
    assert doc.locations[("b", "c")] == (3, 3)
    assert doc.locations[("b", "c", 1)] == (3, 10)
    assert doc.locations[("b", "d", 0, "e")] == (5, 8)


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    doc = load_yaml("m.yaml", "a:\n  b: 1\n")
    assert doc.locate(("a", "b", "missing", 3)) == (2, 3)
    assert doc.locate(("nowhere",)) is None or doc.locate(("nowhere",)) == doc.locate(())


def test_problem_reads_path_line_col_message() -> None:
    doc = load_yaml("m.yaml", "a:\n  b: 1\n")
    assert str(doc.problem("bad b", ("a", "b"))) == "m.yaml:2:3: bad b"


def test_the_fixture_locations_match_the_file() -> None:
    path = FIXTURE / "models" / "wet.yaml"
    doc = load_yaml(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    for loc in [("nodes", "rain", "table", 1, "p"), ("nodes", "worry", "ranked", "variance"), ("targets", 0)]:
        line, col = doc.locations[loc]
        written = str(loc[-1]) if isinstance(loc[-1], str) else "rain"
        assert lines[line - 1][col - 1:].startswith(written), (loc, lines[line - 1])


# --- syntax, empty, top level ------------------------------------------------------------------

def test_syntax_error_has_line_and_column() -> None:
    error = fails("a: 1\nb: [1, 2\nc: 3\n")
    path, line, col = where(error)
    assert path == "f.yaml" and line == 3 and col is not None
    assert "YAML syntax error" in str(error)


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n", "~\n", "null\n"])
def test_empty_documents(text: str) -> None:
    message = str(fails(text))
    assert "file is empty" in message or "file holds only null" in message
    assert "it must hold a YAML mapping" in message


def test_empty_file_on_disk(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text("", encoding="utf-8")
    with pytest.raises(UserError, match=r"e\.yaml: file is empty"):
        load_yaml(tmp_path / "e.yaml")


def test_a_second_document_is_refused() -> None:
    assert where(fails("a: 1\n---\nb: 2\n"))[1:] == (2, 1)


def test_tab_indentation_says_use_spaces() -> None:
    assert "indent with spaces" in str(fails("a:\n\tb: 1\n"))


# --- duplicate keys ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "col"), [
    ("a: 1\na: 2\n", 2, 1),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", 4, 3),
    ("a: {x: 1, x: 2}\n", 1, 11),
    ("- {k: 1}\n- {k: 1, k: 2}\n", 2, 10),
])
def test_duplicate_keys_are_errors(text: str, line: int, col: int) -> None:
    error = fails(text)
    assert where(error) == ("f.yaml", line, col)
    assert "duplicate key" in str(error) and "keep one" in str(error)


def test_same_key_in_different_mappings_is_fine() -> None:
    assert load_yaml("f.yaml", "a: {x: 1}\nb: {x: 2}\n").data == {"a": {"x": 1}, "b": {"x": 2}}


# --- tags are refused, never constructed ---------------------------------------------------------

@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system",
    "!!python/object/new:os.system",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary",
    "!!set",
    "!!omap",
    "!!str",
    "!!timestamp",
    "!custom",
    "!<tag:yaml.org,2002:python/object/apply:os.system>",
])
def test_tags_are_refused(tag: str) -> None:
    error = fails(f"a: 1\nb: {tag} [x]\n")
    assert "is not allowed" in str(error) and "remove it" in str(error)
    assert where(error) == ("f.yaml", 2, 4)


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
            f'b: !!python/object/apply:builtins.open ["{marker}", "w"]\n')
    fails(text)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError):
        load_yaml(path)
    assert not marker.exists()


def test_tag_on_a_key_is_refused() -> None:
    assert "not allowed" in str(fails("!!python/name:os.system : 1\n"))


# --- alias bombs, deep nesting, size -------------------------------------------------------------

def _bomb(width: int, levels: int) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused() -> None:
    error = fails(_bomb(10, 9))
    assert f"more than {MAX_ALIASES} YAML aliases" in str(error)


def test_expansion_bomb_within_the_alias_limit_is_refused() -> None:
    # 7 levels of 8 aliases (56 aliases) would expand to 8**8 = 16.7 million values
    error = fails(_bomb(8, 7))
    assert f"more than {MAX_NODES} values" in str(error)
    assert where(error)[1] is not None


def test_alias_that_contains_itself_is_refused() -> None:
    error = fails("a: &a [x, *a]\n")
    assert "refers to a value that contains it" in str(error)
    assert where(error)[1:] == (1, 4)


def test_a_few_aliases_are_fine() -> None:
    doc = load_yaml("f.yaml", "base: &b {x: 1, y: [2, 3]}\nsame: *b\n")
    assert doc.data["same"] == {"x": 1, "y": [2, 3]}


def test_undefined_alias() -> None:
    assert "undefined alias" in str(fails("a: *nowhere\n"))


def test_duplicate_anchor() -> None:
    error = fails("a: &x 1\nb: &x 2\n")
    assert "anchor &x is defined twice" in str(error)
    assert where(error)[1:] == (2, 4)


def test_merge_keys_are_refused() -> None:
    assert "merge keys" in str(fails("a: &a {x: 1}\nb:\n  <<: *a\n"))


@pytest.mark.parametrize("text", [
    "[" * 10_000 + "]" * 10_000,
    "{a: " * 10_000 + "1" + "}" * 10_000,
    "a: " + "[" * 10_000 + "]" * 10_000,
    "- " * 10_000 + "x\n",
    "".join(" " * i + f"k{i}:\n" for i in range(2_000)) + " " * 2_000 + "leaf\n",
    "".join(" " * (4 * i) + f"- k{i}:\n" for i in range(40)) + " " * 160 + "- [[[[x]]]]\n",
], ids=["flow-lists", "flow-maps", "flow-in-block", "compact-block-lists", "block-maps", "mixed"])
def test_ten_thousand_deep_nesting_is_refused(text: str) -> None:
    """Refused at once (the check reads only the start of the text), never a RecursionError."""
    error = fails(text)
    assert f"nesting deeper than {MAX_DEPTH} levels" in str(error), str(error)


def test_nesting_at_the_limit_is_fine() -> None:
    depth = MAX_DEPTH
    doc = load_yaml("f.yaml", "[" * depth + "]" * depth)
    value = doc.data
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


def test_deep_nesting_error_points_at_the_level() -> None:
    assert where(fails("[" * 10_000 + "]" * 10_000)) == ("f.yaml", 1, MAX_DEPTH + 1)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1) + b"\n")
    with pytest.raises(UserError, match="larger than"):
        load_yaml(path)


# --- encodings and characters --------------------------------------------------------------------

def test_non_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: forecast-model/1\ntitle: Ça va, café\n".encode("latin-1"))
    with pytest.raises(UserError) as info:
        load_yaml(path)
    assert where(info.value) == (str(path), 2, 8)
    assert "not valid UTF-8 (byte 0xc7)" in str(info.value) and "save the file as UTF-8" in str(info.value)


def test_non_utf8_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_bytes("a: 1\nb: é€\xff\n".encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(UserError) as info:
        read_text(path)
    assert where(info.value)[1:] == (2, 6)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: caf\xc3\xa9\n")
    assert load_yaml(path).data == {"a": "café"}


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_characters_have_line_and_column(char: str) -> None:
    error = fails(f"a: 1\nb: x{char}y\n")
    assert where(error)[1:] == (2, 5)
    assert "is not allowed in YAML" in str(error)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"nope\.yaml: file not found; check the path"):
        load_yaml(tmp_path / "nope.yaml")
    with pytest.raises(UserError, match="is a directory, not a file"):
        load_yaml(tmp_path)


# --- scalars: YAML 1.2, booleans, numbers ---------------------------------------------------------

def test_yes_no_on_off_stay_the_strings_written() -> None:
    doc = load_yaml("f.yaml", "states: [yes, no, on, off, y, n, Yes, NO, On, OFF]\np: {yes: 0.5, no: 0.5}\n")
    assert doc.data["states"] == ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"]
    assert doc.data["p"] == {"yes": 0.5, "no": 0.5}


def test_yes_no_stay_strings_under_a_yaml_1_1_directive() -> None:
    doc = load_yaml("f.yaml", "%YAML 1.1\n---\nstates: [yes, no, on, off]\nt: 1:30\n")
    assert doc.data == {"states": ["yes", "no", "on", "off"], "t": "1:30"}


def test_true_false_are_booleans() -> None:
    assert load_yaml("f.yaml", "a: true\nb: False\n").data == {"a": True, "b": False}


@pytest.mark.parametrize("key", ["true", "false", "null", "~"])
def test_boolean_or_null_keys_say_quote_it(key: str) -> None:
    error = fails(f"p: {{a: 0.5, {key}: 0.5}}\n")
    assert "not a name; quote it" in str(error)
    assert where(error)[1:] == (1, 13)


def test_numbers() -> None:
    doc = load_yaml("f.yaml", "a: 1\nb: 0.25\nc: 1e-3\nd: .nan\ne: -.inf\nf: 0x10\ng: 1_000\nh: 2022-10-11\n")
    data = doc.data
    assert data["a"] == 1 and data["b"] == 0.25 and data["c"] == 0.001
    assert math.isnan(data["d"]) and data["e"] == -math.inf
    assert data["f"] == 16 and data["g"] == 1000
    assert data["h"] == "2022-10-11"  # dates stay text; the spec parses them


def test_integer_with_too_many_digits_stays_text() -> None:
    assert load_yaml("f.yaml", "a: " + "9" * 5000 + "\n").data["a"] == "9" * 5000


def test_non_scalar_keys_are_refused() -> None:
    assert "a mapping key must be a plain value" in str(fails("? [a, b]\n: 1\n"))


# --- through load_model: booleans in a model ------------------------------------------------------

def _model_project(tmp_path: Path, old: str, new: str) -> Path:
    for folder in ("models", "seeds"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    path = tmp_path / "models" / "wet.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_yes_no_states_load_as_names(tmp_path: Path) -> None:
    path = _model_project(tmp_path, "[off, on]", "[no, yes]")
    text = path.read_text(encoding="utf-8")
    text = text.replace("{off: 0.5, on: 0.5}", "{no: 0.5, yes: 0.5}")
    text = text.replace("{off: 0.9, on: 0.1}", "{no: 0.9, yes: 0.1}")
    text = text.replace("sprinkler: {on:", "sprinkler: {yes:")
    path.write_text(text, encoding="utf-8")
    model = load_model(path)
    assert model.network["sprinkler"].states == ("no", "yes")


def test_true_false_states_say_quote_it(tmp_path: Path) -> None:
    path = _model_project(tmp_path, "states: [off, on]", "states: [false, true]")
    with pytest.raises(UserError) as info:
        load_model(path)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 2
    assert re.search(r"wet\.yaml:21:14: nodes\.sprinkler\.states\.0: false is read as a boolean; quote it",
                     messages[0])
    assert "21:21" in messages[1] and "true is read as a boolean" in messages[1]


def test_quoted_true_false_are_names(tmp_path: Path) -> None:
    path = _model_project(tmp_path, "[off, on]", "['false', 'true']")
    text = path.read_text(encoding="utf-8")
    text = text.replace("{off: 0.5, on: 0.5}", "{'false': 0.5, 'true': 0.5}")
    text = text.replace("{off: 0.9, on: 0.1}", "{'false': 0.9, 'true': 0.1}")
    text = text.replace("sprinkler: {on:", "sprinkler: {'true':")
    path.write_text(text, encoding="utf-8")
    assert load_model(path).network["sprinkler"].states == ("false", "true")


def test_brackets_in_text_comments_and_block_scalars_do_not_count_as_nesting() -> None:
    many = "[" * 100
    text = (
        f"# {many}\n"
        f"title: '{many}'\n"
        f'quote: "{many} \\" {many}"\n'
        "description: |\n" + "".join(f"  {many}\n  {'{' * 100}\n" for _ in range(3)) +
        "folded: >-\n" + "".join(f"    - {many}\n" for _ in range(3)) +
        f"list: ['{many}', \"{many}\"]  # {many}\n"
        f"plain: a [b] c {'[' * 3}\n"
        "last: 1\n"
    )
    doc = load_yaml("f.yaml", text)
    assert doc.data["last"] == 1
    assert doc.data["description"].startswith(many)


def test_parsed_documents_are_kept_by_content_and_never_shared(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    first = load_yaml(path)
    first.data["a"].append(3)
    assert load_yaml(path).data == {"a": [1, 2]}
    path.write_text("a: [1, 5]\n", encoding="utf-8")  # same size, maybe the same mtime
    assert load_yaml(path).data == {"a": [1, 5]}
    with pytest.raises(UserError):
        load_yaml(path, "a: [1\n")
    with pytest.raises(UserError):  # errors are not kept: raised again
        load_yaml(path, "a: [1\n")


# --- the fast path for imported tables ------------------------------------------------------------

IMPORTED = """format: forecast-model/1
id: fast
title: Fast
nodes:
  a:
    states: [x, "y", "null"]
    prior: [0.25, 0.25, 0.5]
  b:
    states: [lo, hi]
    parents: [a]
    table:
      - {given: {a: x}, p: [0.1, 0.9]}
      - {given: {a: "y"}, p: [1, 0]}
      - {given: {a: "null"}, p: [2.5e-1, 7.5e-1]}
  c:
    states: [lo, hi]
    parents: [a, b]
    table:
      - {given: {a: x, b: lo}, p: [0.5, 0.5]}
      - {given: {a: x, b: hi}, p: [0.5, 0.5]}
      - {given: {a: y, b: lo}, p: [0.5, 0.5]}
      - {given: {a: y, b: hi}, p: [0.5, 0.5]}
      - {given: {a: null, b: lo}, p: [0.5, 0.5]}
      - {given: {a: "null", b: hi}, p: [0.5, 0.5]}
"""


def test_fast_table_rows_read_as_the_parser_reads_them() -> None:
    from forecast.spec.yamlio import _parse

    fast = load_yaml("fast.yaml", IMPORTED)
    careful = _parse("fast.yaml", IMPORTED, fast=False)
    assert fast.data == careful.data
    rows = fast.data["nodes"]["b"]["table"]
    assert [type(v) for v in rows[1]["p"]] == [int, int]  # 1 and 0 stay integers, as YAML reads them
    assert rows[2]["p"] == [0.25, 0.75]
    assert fast.data["nodes"]["c"]["table"][4]["given"]["a"] is None  # plain null: the parser's
    # positions inside fast rows are found when asked for, the same as the parser's
    for loc in [("nodes", "b", "table", 2, "p", 1), ("nodes", "c", "table", 5, "given", "a"),
                ("nodes", "c", "parents", 1)]:
        assert fast.locate(loc) == careful.locate(loc)


def test_a_problem_in_a_fast_row_is_located(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    text = IMPORTED.replace("{a: null, b: lo}", "{a: \"null\", b: lo}").replace(
        "{given: {a: x}, p: [0.1, 0.9]}", "{given: {a: x}, p: [0.1, 0.8]}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_model(path)
    number = next(i for i, line in enumerate(text.splitlines(), 1) if "0.8]" in line)
    line = text.splitlines()[number - 1]
    assert where(info.value) == (str(path), number, line.index("p: ") + 1)
    assert "sum to 0.9" in str(info.value) and "table row 1" in str(info.value)
