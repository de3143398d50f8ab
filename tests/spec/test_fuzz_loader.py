"""Fuzzing the loader: whatever the bytes, only UserError escapes (never another exception).

Random text, random bytes and random mutations of the tiny fixture's YAML are fed to
load_yaml, load_model, load_scenario and load_any. A crash here is a traceback an analyst
would see instead of a `file:line:col` message.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from forecast.errors import ForecastError, UserError
from forecast.spec.load import load_any, load_model, load_scenario
from forecast.spec.overrides import parse_set
from forecast.spec.yamlio import load_yaml

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
MODEL = "models/wet.yaml"
SCENARIO = "scenarios/morning.yaml"
INDEX = "seeds/index.yaml"

# FORECAST_FUZZ_SCALE=20 runs twenty times the examples, with a fresh random seed each run.
SCALE = int(os.environ.get("FORECAST_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=200 * SCALE, deadline=None, derandomize=SCALE == 1,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, root / folder)
    yield root


def original(rel: str) -> str:
    return (FIXTURE / rel).read_text(encoding="utf-8")


def only_user_errors(call, *args) -> bool:
    """Call; True if it succeeded, False if it raised a well-formed UserError."""
    try:
        call(*args)
    except UserError as exc:
        assert exc.problems, "a UserError must carry at least one problem"
        for problem in exc.problems:
            assert str(problem).strip(), "an empty message"
            assert "Traceback" not in str(problem)
        return False
    return True


def write(project: Path, rel: str, data: str | bytes) -> Path:
    path = project / rel
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", errors="surrogatepass")
    return path


# --- strategies ------------------------------------------------------------------------------

# Fragments that YAML and the spec treat specially: booleans, nulls, numbers at the edges,
# anchors, tags, brackets, quotes, indentation.
TOKENS = [
    "", " ", "  ", "\t", "\n", ":", ": ", "- ", "-", ",", "[", "]", "{", "}", "'", '"', "#", "&a ", "*a",
    "<<: ", "? ", "|", ">", "---", "...", "%YAML 1.1", "!!python/object/apply:os.system ['true']",
    "!!binary", "!x", "yes", "no", "on", "off", "true", "false", "null", "~", "0", "1", "-1", "0.5",
    "1e999", "-1e999", ".nan", ".inf", "-.inf", "0x1F", "0o17", "1_000", "1" + "0" * 400, "2022-13-45",
    "2022-02-30", "2022-10-11", "2022-10-11T10:00:00", "1:30", "é", "\u2028", "\x00", "\ufeff",
    "cloudy", "rain", "wet", "sprinkler", "worry", "clouds", "no_clouds", "dry", "soaked", "B2", "Z9",
    "weather_report", "../models/wet.yaml", "../models", "/etc/passwd", "doc.txt", "prior", "table",
    "noisy_max", "ranked", "parents", "states", "given", "p", "leak", "weights", "variance",
    "likelihood", "state", "grade", "node", "evidence", "priors", "targets", "format", "seeds",
]

token = st.sampled_from(TOKENS)


@st.composite
def mutated(draw, text: str) -> str:
    """`text` with a few line- or character-level changes."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [draw(token)]
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "replace-word", "insert",
                                     "indent", "dedent", "truncate", "token-line"]))
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "replace-word":
            words = line.replace(",", " ").replace("{", " ").replace("}", " ").replace(":", " ").split()
            if words:
                lines[i] = line.replace(draw(st.sampled_from(words)), draw(token), 1)
        elif kind == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.one_of(token, st.text(max_size=5))) + line[at:]
        elif kind == "indent":
            lines[i] = "  " + line
        elif kind == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line
        elif kind == "truncate":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        else:
            key = draw(token)
            lines.insert(i, f"{'  ' * draw(st.integers(0, 3))}{key}: {draw(token)}\n")
    return "".join(lines)


yaml_like = st.lists(st.one_of(token, st.text(max_size=6)), max_size=40).map("".join)


# --- the tests -------------------------------------------------------------------------------

@FUZZ
@given(text=st.one_of(st.text(max_size=300), yaml_like))
def test_random_text_raises_only_user_errors(project: Path, text: str) -> None:
    only_user_errors(load_yaml, "random.yaml", text)
    path = write(project, "scenarios/random.yaml", text)
    only_user_errors(load_any, path)
    only_user_errors(load_scenario, path)
    only_user_errors(load_model, path)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_raise_only_user_errors(project: Path, data: bytes) -> None:
    path = write(project, "models/random.yaml", data)
    only_user_errors(load_any, path)
    only_user_errors(load_model, path)


@settings(FUZZ, max_examples=150 * SCALE)
@given(text=mutated(original(MODEL)))
def test_mutated_model_raises_only_user_errors(project: Path, text: str) -> None:
    path = write(project, MODEL, text)
    try:
        if only_user_errors(load_model, path):  # the scenario against a changed, valid model
            only_user_errors(load_scenario, project / SCENARIO)
    finally:
        write(project, MODEL, original(MODEL))


@FUZZ
@given(text=mutated(original(SCENARIO)))
def test_mutated_scenario_raises_only_user_errors(project: Path, text: str) -> None:
    path = write(project, SCENARIO, text)
    try:
        only_user_errors(load_scenario, path)
    finally:
        write(project, SCENARIO, original(SCENARIO))


@settings(FUZZ, max_examples=60 * SCALE)
@given(text=mutated(original(INDEX)))
def test_mutated_sources_index_raises_only_user_errors(project: Path, text: str) -> None:
    write(project, INDEX, text)
    try:
        if only_user_errors(load_any, project / INDEX):
            only_user_errors(load_scenario, project / SCENARIO)
    finally:
        write(project, INDEX, original(INDEX))


@settings(FUZZ, max_examples=100 * SCALE)
@given(text=mutated(original(SCENARIO)))
def test_mutated_scenario_runs_or_fails_cleanly(project: Path, text: str) -> None:
    """All the way through inference: a ForecastError (a message, exit 2) or a result."""
    from forecast.app import run_scenario

    write(project, SCENARIO, text)
    try:
        run_scenario(project / SCENARIO)
    except ForecastError:
        pass
    finally:
        write(project, SCENARIO, original(SCENARIO))


@settings(FUZZ, max_examples=300 * SCALE)
@given(text=st.one_of(st.text(max_size=40), st.lists(st.one_of(token, st.sampled_from(["=", ":", ","])),
                                                       max_size=12).map("".join)))
def test_set_parsing_raises_only_user_errors(text: str) -> None:
    only_user_errors(parse_set, text)


# --- valid YAML is read back exactly (no false alarms from the quick checks) ---------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.text(alphabet=st.sampled_from("ab_ -:#[]{}'\",|>&*!%@`?\\\t\u00e9"), max_size=12),
    st.sampled_from(["yes", "no", "on", "off", "y", "n", "2022-10-11", "1:30", "0x1F", ".nan", "~"]),
)
_keys = st.text(alphabet=st.sampled_from("abz_019 -:#[]{}'\"|>\u00e9"), min_size=1, max_size=8)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=15,
)


@settings(FUZZ, max_examples=80 * SCALE)
@given(data=st.dictionaries(_keys, _values, min_size=1, max_size=5),
       flow=st.sampled_from([None, False, True]))
def test_valid_yaml_is_read_back_exactly(data: dict, flow: bool | None) -> None:
    import io

    from ruamel.yaml import YAML

    writer = YAML(typ="safe", pure=True)
    writer.default_flow_style = flow
    buffer = io.StringIO()
    writer.dump(data, buffer)
    text = buffer.getvalue()
    try:  # ruamel's dumper sometimes writes what its own loader cannot read back (`{:0: null}`)
        reference = YAML(typ="safe", pure=True).load(text)
    except Exception:
        reference = None
    assume(reference == data)
    assert load_yaml("valid.yaml", text).data == data, text
