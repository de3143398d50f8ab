"""Bad input: exit code 2, one short `error: file:line:col: ...` line per problem, no traceback,
nothing written.

Each case copies the tiny fixture (tests/fixtures/tiny) into a temporary folder, changes a few
lines, runs one command in-process and checks the message. The mutations assert that the text
they replace is there, so a change to the fixture fails loudly instead of testing nothing.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forecast.cli.main import app
from forecast.spec.yamlio import MAX_NODES

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
M = "models/wet.yaml"
S = "scenarios/morning.yaml"
I = "seeds/index.yaml"  # noqa: E741
RUN = ("run", S, "--out", "out")

Edit = str | bytes | None | Callable[[str], str]


def sub(old: str, new: str) -> Callable[[str], str]:
    """Replace the first `old` (which must be there) by `new`."""

    def apply(text: str) -> str:
        assert old in text, f"fixture changed: {old!r} not found"
        return text.replace(old, new, 1)

    return apply


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps stderr apart by itself


def make_project(root: Path, edits: dict[str, Edit]) -> None:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, root / folder)
    for rel, edit in edits.items():
        path = root / rel
        if edit is None:
            path.unlink()
        elif callable(edit):
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(edit, bytes):
                path.write_bytes(edit)
            else:
                path.write_text(edit, encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


# --- helpers for the cases -------------------------------------------------------------------

SPRINKLER_TABLE = (
    "    table:\n      - given: {cloudy: no_clouds}\n        p: {off: 0.5, on: 0.5}\n"
    "      - given: {cloudy: clouds}\n        p: {off: 0.9, on: 0.1}\n"
)
# The sprinkler is on exactly when there are no clouds: cloudy=clouds with sprinkler=on is
# impossible, although each finding alone is possible.
DETERMINISTIC = sub("p: {off: 0.5, on: 0.5}\n      - given: {cloudy: clouds}\n        p: {off: 0.9, on: 0.1}",
                    "p: {off: 0.0, on: 1.0}\n      - given: {cloudy: clouds}\n        p: {off: 1.0, on: 0.0}")
CONFLICTING_FINDINGS = sub(
    "  - node: cloudy\n    likelihood: {no_clouds: 0.5, clouds: 1.0}\n    note: a vague report\n",
    "  - node: cloudy\n    state: clouds\n  - node: sprinkler\n    state: 'on'\n")


def _alias_bomb(width: int, levels: int) -> str:
    names = [f"l{i}" for i in range(levels + 1)]
    lines = ["format: forecast-scenario/1", f"{names[0]}: &{names[0]} [{', '.join(['x'] * width)}]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * width)}]")
    return "\n".join(lines) + "\n"


def all_judgement(text: str) -> str:
    """Every node of the model marked `basis: judgement`, so that its sources raise nothing."""
    return text.replace("    states: [", "    basis: judgement\n    states: [")


def case(id: str, edits: dict[str, Edit], expect: str | tuple[str, ...], args=RUN):
    return pytest.param(edits, tuple(args), (expect,) if isinstance(expect, str) else expect, id=id)


CASES = [
    # --- YAML itself ------------------------------------------------------------------------
    case("yaml-syntax", {S: sub("title: Wet grass in the morning", "title: [unclosed")},
         "scenarios/morning.yaml:4:6: YAML syntax error"),
    case("yaml-indentation", {S: sub("  - node: cloudy", " - node: cloudy")},
         "scenarios/morning.yaml:13:2: YAML syntax error"),
    case("yaml-tab", {S: sub("  - node: cloudy", "\t- node: cloudy")},
         "scenarios/morning.yaml:13:1: YAML syntax error: a tab character where indentation is "
         "expected; indent with spaces"),
    case("yaml-two-documents", {S: lambda t: t + "---\nid: again\n"},
         "scenarios/morning.yaml:18:1: YAML syntax error: a second document (after `---`); keep one"),
    case("empty-file", {S: ""}, "scenarios/morning.yaml: file is empty; it must hold a YAML mapping"),
    case("comments-only", {S: "# nothing yet\n\n"}, "scenarios/morning.yaml: file is empty"),
    case("empty-model", {M: "  \n"}, "models/wet.yaml: file is empty"),
    case("top-level-list", {S: "- node: wet\n- node: rain\n"},
         "scenarios/morning.yaml:1:1: the file holds a list, not a mapping"),
    case("top-level-scalar", {S: "just some text\n"},
         "scenarios/morning.yaml:1:1: the file holds a single text value, not a mapping"),
    case("unknown-format", {S: sub("forecast-scenario/1", "forecast-scenario/2")},
         "scenarios/morning.yaml:1:1: format: 'forecast-scenario/2' is not allowed; expected "
         "'forecast-scenario/1'"),
    case("unknown-format-validate", {S: sub("forecast-scenario/1", "forecast-scenario/9")},
         "scenarios/morning.yaml:1:1: unknown format 'forecast-scenario/9'; expected one of "
         "forecast-model/1, forecast-overlay/1, forecast-scenario/1, "
         "forecast-sources/1", ("validate", S)),
    case("missing-format-validate", {S: sub("format: forecast-scenario/1\n", "")},
         "scenarios/morning.yaml:1:1: missing `format:`; write forecast-model/1", ("validate", S)),
    case("missing-format-run", {S: sub("format: forecast-scenario/1\n", "")},
         "scenarios/morning.yaml:1:1: missing required key 'format'; add it"),
    case("model-given-as-scenario", {}, "models/wet.yaml:1:1: this is a model file (forecast-model/1), "
         "but a scenario (forecast-scenario/1) is needed here", ("run", M, "--out", "out")),
    case("index-given-as-scenario", {}, "seeds/index.yaml:1:1: this is a sources file",
         ("run", I, "--out", "out")),
    case("scenario-given-as-model", {}, "scenarios/morning.yaml:1:1: this is a scenario file",
         ("query", S)),
    case("duplicate-key", {S: sub("horizon:", "title: again\nhorizon:")},
         "scenarios/morning.yaml:5:1: duplicate key 'title'; keep one"),
    case("duplicate-node", {M: sub("  worry:", "  cloudy:")},
         "models/wet.yaml:36:3: duplicate key 'cloudy'; keep one"),
    case("python-tag", {S: sub("title: Wet grass in the morning",
                               'title: !!python/object/apply:os.system ["touch pwned"]')},
         "scenarios/morning.yaml:3:8: YAML tag !!python/object/apply:os.system is not allowed"),
    case("python-tag-validate", {M: sub("title: Why is the grass wet?",
                                        "title: !!python/object/new:os.system [touch pwned]")},
         "models/wet.yaml:3:8: YAML tag !!python/object/new:os.system is not allowed", ("validate", M)),
    case("custom-tag", {S: sub("title: Wet grass in the morning", "title: !secret morning")},
         "scenarios/morning.yaml:3:8: YAML tag !secret is not allowed; remove it"),
    case("binary-tag", {S: sub("title: Wet grass in the morning", "title: !!binary aGVsbG8=")},
         "scenarios/morning.yaml:3:8: YAML tag !!binary is not allowed"),
    case("merge-key", {S: sub("priors:\n  cloudy: {no_clouds: 0.4, clouds: 0.6}",
                              "priors:\n  cloudy: &p {no_clouds: 0.4, clouds: 0.6}\nextra:\n  <<: *p")},
         "scenarios/morning.yaml:19:3: merge keys (<<) are not allowed"),
    case("alias-bomb-many-aliases", {S: _alias_bomb(9, 8)},
         "more than 64 YAML aliases; write the values out"),
    case("alias-bomb-expansion", {S: _alias_bomb(8, 8)},
         f"expands to more than {MAX_NODES} values (an alias bomb?)"),
    case("alias-to-itself", {S: "format: forecast-scenario/1\nloop: &a [x, *a]\n"},
         "scenarios/morning.yaml:2:7: an alias refers to a value that contains it"),
    case("duplicate-anchor", {S: "format: forecast-scenario/1\na: &x 1\nb: &x 2\n"},
         "scenarios/morning.yaml:3:4: YAML anchor &x is defined twice"),
    case("deep-nesting-flow", {S: "[" * 10_000 + "]" * 10_000},
         "scenarios/morning.yaml:1:65: nesting deeper than 64 levels"),
    case("deep-nesting-block", {S: "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 200))},
         "scenarios/morning.yaml:65:65: nesting deeper than 64 levels"),
    case("non-utf8", {S: b"format: forecast-scenario/1\nid: morning\ntitle: caf\xe9\n"},
         "scenarios/morning.yaml:3:11: not valid UTF-8 (byte 0xe9); save the file as UTF-8"),
    case("non-utf8-model", {M: b"format: forecast-model/1\nid: \xff\n"},
         "models/wet.yaml:2:5: not valid UTF-8 (byte 0xff)"),
    case("nul-character", {S: sub("title: Wet grass", "title: Wet\x00grass")},
         "scenarios/morning.yaml:3:11: character U+0000 is not allowed in YAML"),
    case("unknown-key", {S: sub("title:", "titel: x\ntitle:")},
         "scenarios/morning.yaml:3:1: unknown key 'titel'; check the spelling"),
    case("missing-key", {S: sub("title: Wet grass in the morning\n", "")},
         "scenarios/morning.yaml:1:1: missing required key 'title'"),
    case("evidence-not-a-list", {S: sub("evidence:\n", "evidence: {}\nleftover:\n")},
         "scenarios/morning.yaml:8:1: evidence: expected a list"),
    # --- model: states, identifiers ---------------------------------------------------------
    case("duplicate-state", {M: sub("states: [no_clouds, clouds]", "states: [no_clouds, clouds, clouds]")},
         "models/wet.yaml:8:33: node 'cloudy': state 'clouds' appears twice"),
    case("missing-states", {M: sub("    states: [no_clouds, clouds]\n", "")},
         "models/wet.yaml:6:3: missing required key 'states'"),
    case("single-state", {M: sub("states: [no_clouds, clouds]", "states: [no_clouds]")},
         "models/wet.yaml:8:5: nodes.cloudy.states: too few entries (1); give at least 2"),
    case("boolean-states", {M: sub("states: [off, on]", "states: [false, true]")},
         ("models/wet.yaml:21:14: nodes.sprinkler.states.0: false is read as a boolean; quote it",
          "models/wet.yaml:21:21: nodes.sprinkler.states.1: true is read as a boolean; quote it")),
    case("boolean-key", {M: sub("prior: {no_clouds: 0.5, clouds: 0.5}",
                                "prior: {no_clouds: 0.5, true: 0.5}")},
         "models/wet.yaml:9:29: key 'true' reads as True, not a name; quote it"),
    case("number-state", {M: sub("states: [off, on]", "states: [0, 1]")},
         "models/wet.yaml:21:14: nodes.sprinkler.states.0: 0 is a number, not text"),
    case("bad-identifier-node", {M: sub("  worry:", "  worry-level:")},
         "models/wet.yaml:36:3: nodes.worry-level: 'worry-level' is not a valid name; use ASCII "
         "letters, digits and _"),
    case("non-ascii-identifier", {M: sub("  worry:", "  wörry:")},
         "models/wet.yaml:36:3: nodes.wörry: 'wörry' is not a valid name"),
    case("empty-title", {M: sub("title: Why is the grass wet?", "title: ''")},
         "models/wet.yaml:3:1: title: empty; write some text or remove the key"),
    case("bad-identifier-state", {M: sub("states: [low, medium, high]", "states: [low, 2medium, high]")},
         "models/wet.yaml:37:19: nodes.worry.states.1: '2medium' is not a valid name"),
    case("bad-identifier-model-id", {M: sub("id: wet_grass", "id: wet grass")},
         "models/wet.yaml:2:1: id: 'wet grass' is not a valid name"),
    # --- model: probabilities ---------------------------------------------------------------
    case("negative-probability", {M: sub("prior: {no_clouds: 0.5, clouds: 0.5}",
                                         "prior: {no_clouds: 1.5, clouds: -0.5}")},
         ("models/wet.yaml:9:13: prior of 'cloudy': probability of 'no_clouds' is 1.5, outside [0, 1]",
          "models/wet.yaml:9:29: prior of 'cloudy': probability of 'clouds' is -0.5, outside [0, 1]")),
    case("nan-probability", {M: sub("prior: {no_clouds: 0.5, clouds: 0.5}",
                                    "prior: {no_clouds: .nan, clouds: 0.5}")},
         "models/wet.yaml:9:13: prior of 'cloudy': probability of 'no_clouds' is nan; give a number"),
    case("infinite-probability", {M: sub("p: [0.2, 0.8]", "p: [.inf, 0.8]")},
         "models/wet.yaml:17:13: node 'rain', table row 2: probability of 'dry' is inf"),
    case("probability-not-a-number", {M: sub("prior: {no_clouds: 0.5, clouds: 0.5}",
                                             "prior: {no_clouds: half, clouds: 0.5}")},
         "models/wet.yaml:9:13: nodes.cloudy.prior.no_clouds: 'half' is not a number"),
    case("probability-boolean", {M: sub("p: [0.2, 0.8]", "p: [0.2, true]")},
         "models/wet.yaml:17:18: nodes.rain.table.1.p.1: true is a boolean, not a number"),
    case("probability-huge-integer", {M: sub("prior: {no_clouds: 0.5, clouds: 0.5}",
                                             "prior: {no_clouds: 1" + "0" * 400 + ", clouds: 0.5}")},
         "models/wet.yaml:9:13: nodes.cloudy.prior.no_clouds: the number is too large"),
    case("row-sum-mapping", {M: sub("p: {dry: 0.8, rain: 0.2}", "p: {dry: 0.8, rain: 0.3}")},
         "models/wet.yaml:15:9: node 'rain', table row 1: probabilities sum to 1.1, not 1"),
    case("row-sum-list", {M: sub("p: [0.2, 0.8]", "p: [0.2, 0.7]")},
         "models/wet.yaml:17:9: node 'rain', table row 2: probabilities sum to 0.9, not 1"),
    case("prior-sum", {M: sub("prior: {no_clouds: 0.5, clouds: 0.5}",
                              "prior: {no_clouds: 0.5, clouds: 0.6}")},
         "models/wet.yaml:9:5: prior of 'cloudy': probabilities sum to 1.1, not 1"),
    case("leak-sum", {M: sub("leak: {dry: 0.9,", "leak: {dry: 0.8,")},
         "models/wet.yaml:32:7: node 'wet', leak: probabilities sum to 0.9, not 1"),
    case("row-wrong-length", {M: sub("p: [0.2, 0.8]", "p: [0.2, 0.7, 0.1]")},
         "models/wet.yaml:17:9: node 'rain', table row 2: 3 values for 2 states (dry, rain)"),
    # --- model: structure -------------------------------------------------------------------
    case("unknown-parent", {M: sub("parents: [rain, sprinkler]", "parents: [rain, sprinklr]")},
         "models/wet.yaml:30:21: node 'wet': unknown parent 'sprinklr'; define it under nodes"),
    case("self-parent", {M: sub("parents: [wet, cloudy]", "parents: [wet, cloudy, worry]")},
         "models/wet.yaml:38:28: node 'worry' lists itself as a parent"),
    case("repeated-parent", {M: sub("parents: [rain, sprinkler]", "parents: [rain, sprinkler, rain]")},
         "models/wet.yaml:30:32: node 'wet': parent 'rain' listed twice"),
    case("cycle", {M: sub("    states: [no_clouds, clouds]\n    prior: {no_clouds: 0.5, clouds: 0.5}",
                          "    states: [no_clouds, clouds]\n    parents: [rain]\n    table:\n"
                          "      - given: {rain: dry}\n        p: [0.5, 0.5]\n"
                          "      - given: {rain: rain}\n        p: [0.5, 0.5]")},
         "models/wet.yaml:9:5: the parents form a cycle: cloudy -> rain -> cloudy"),
    case("missing-cpt-row", {M: sub("      - given: {cloudy: clouds}\n        p: [0.2, 0.8]\n", "")},
         "models/wet.yaml:13:5: node 'rain': table lacks 1 row(s): cloudy=clouds"),
    case("repeated-cpt-row", {M: sub("given: {cloudy: clouds}\n        p: [0.2",
                                     "given: {cloudy: no_clouds}\n        p: [0.2")},
         "models/wet.yaml:16:9: node 'rain', table row 2: repeats the parent states of row 1"),
    case("unknown-state-in-given", {M: sub("given: {cloudy: clouds}\n        p: [0.2",
                                           "given: {cloudy: cloudz}\n        p: [0.2")},
         "models/wet.yaml:16:17: node 'rain', table row 2: unknown state 'cloudz' of 'cloudy'"),
    case("non-parent-in-given", {M: sub("given: {cloudy: clouds}\n        p: [0.2",
                                        "given: {cloudy: clouds, wet: dry}\n        p: [0.2")},
         "models/wet.yaml:16:33: node 'rain', table row 2: 'wet' is not a parent of 'rain'"),
    case("given-lacks-parent", {M: sub("given: {cloudy: clouds}\n        p: [0.2",
                                       "given: {}\n        p: [0.2")},
         "models/wet.yaml:16:9: node 'rain', table row 2: `given` lacks parent 'cloudy'"),
    case("unknown-state-in-row", {M: sub("p: {dry: 0.8, rain: 0.2}", "p: {dry: 0.8, snow: 0.2}")},
         ("models/wet.yaml:15:23: node 'rain', table row 1: unknown state 'snow'; states are dry, rain",
          "models/wet.yaml:15:9: node 'rain', table row 1: no value for state(s) rain")),
    case("unknown-state-in-prior", {M: sub("prior: {no_clouds: 0.5, clouds: 0.5}",
                                           "prior: {no_clouds: 0.5, cloud: 0.5}")},
         "models/wet.yaml:9:29: prior of 'cloudy': unknown state 'cloud'"),
    case("unknown-state-in-leak", {M: sub("leak: {dry: 0.9", "leak: {dri: 0.9")},
         "models/wet.yaml:32:14: node 'wet', leak: unknown state 'dri'"),
    case("unknown-parent-state-in-noisy-max", {M: sub("rain: {rain: {dry", "rain: {drizzle: {dry")},
         "models/wet.yaml:34:16: node 'wet': unknown state 'drizzle' of parent 'rain'"),
    case("unknown-state-in-noisy-max-effect", {M: sub("rain: {rain: {dry: 0.1, damp",
                                                      "rain: {rain: {dry: 0.1, wet")},
         "models/wet.yaml:34:33: node 'wet', effect of rain=rain: unknown state 'wet'"),
    case("unknown-state-in-resolution", {M: sub("    label: Cloudy sky\n",
                                                "    label: Cloudy sky\n    resolution: {sunny: when}\n")},
         "models/wet.yaml:8:18: node 'cloudy': resolution for unknown state 'sunny'"),
    case("noisy-max-non-parent", {M: sub("sprinkler: {on:", "cloudy: {clouds:")},
         ("models/wet.yaml:35:9: node 'wet': noisy_max names 'cloudy', which is not a parent",
          "models/wet.yaml:33:7: node 'wet': noisy_max gives no effect for parent 'sprinkler'")),
    case("ranked-weight-non-parent", {M: sub("weights: {wet: 2, cloudy: 1}", "weights: {wet: 2, rain: 1}")},
         "models/wet.yaml:41:25: node 'worry': weight for 'rain', which is not a parent"),
    case("ranked-zero-weight", {M: sub("weights: {wet: 2, cloudy: 1}", "weights: {wet: 2, cloudy: 0}")},
         "models/wet.yaml:41:25: node 'worry': weight of 'cloudy' is 0"),
    case("ranked-zero-variance", {M: sub("variance: 0.05", "variance: 0")},
         "models/wet.yaml:42:7: nodes.worry.ranked.variance: 0 is out of range; it must be greater than 0"),
    case("ranked-unknown-function", {M: sub("function: wmean", "function: wavg")},
         "models/wet.yaml:40:7: nodes.worry.ranked.function: 'wavg' is not allowed; expected 'wmean'"),
    case("two-parameter-forms", {M: sub("    prior: {no_clouds: 0.5, clouds: 0.5}\n",
                                        "    prior: {no_clouds: 0.5, clouds: 0.5}\n"
                                        "    ranked: {weights: {}, variance: 0.1}\n")},
         "models/wet.yaml:10:5: node 'cloudy' has prior and ranked; give exactly one of prior, table, "
         "noisy_max, ranked"),
    case("prior-on-child", {M: sub(SPRINKLER_TABLE, "    prior: {off: 0.5, on: 0.5}\n")},
         "models/wet.yaml:23:5: node 'sprinkler' has parents, so it takes a table, noisy_max or ranked, "
         "not a prior"),
    case("no-parameters", {M: sub("    prior: {no_clouds: 0.5, clouds: 0.5}\n", "")},
         "models/wet.yaml:6:3: node 'cloudy' has no parameters"),
    case("table-on-root", {M: sub("    prior: {no_clouds: 0.5, clouds: 0.5}\n", "    table: []\n")},
         "models/wet.yaml:9:5: node 'cloudy' has no parents: give it a `prior`, not `table`"),
    case("unknown-target-model", {M: sub("targets: [rain]", "targets: [rainn]")},
         "models/wet.yaml:4:11: unknown target 'rainn'; targets must be nodes of the model"),
    case("negative-confidence", {M: sub("targets: [rain]", "targets: [rain]\nconfidence: -3")},
         "models/wet.yaml:5:1: confidence: -3 is out of range; it must be greater than 0"),
    case("bad-grade-table", {M: sub("targets: [rain]", "targets: [rain]\ngrades: {reliability: {G: 0.5}}")},
         "models/wet.yaml:5:24: grades.reliability.G: 'G' is not allowed"),
    # --- files and folders ------------------------------------------------------------------
    case("missing-scenario-file", {}, "scenarios/nope.yaml: file not found; check the path",
         ("run", "scenarios/nope.yaml", "--out", "out")),
    case("scenario-is-a-directory", {}, "scenarios: is a directory, not a file",
         ("run", "scenarios", "--out", "out")),
    case("missing-model-file", {S: sub("../models/wet.yaml", "../models/dry.yaml")},
         "scenarios/morning.yaml:6:1: model file '../models/dry.yaml' not found"),
    case("model-path-is-a-directory", {S: sub("../models/wet.yaml", "../models")},
         "scenarios/morning.yaml:6:1: model path '../models' is a directory; name the model's YAML file"),
    case("query-missing-model", {}, "models/nope.yaml: file not found", ("query", "models/nope.yaml")),
    case("query-model-is-a-directory", {}, "models: is a directory, not a file", ("query", "models")),
    case("validate-missing-file", {}, "nope.yaml: file not found", ("validate", "nope.yaml")),
    case("out-is-a-file", {"out": "not a folder\n"}, "out: is a file, not a folder"),
    # --- dates ------------------------------------------------------------------------------
    case("bad-date-month", {S: sub("as_of: 2022-10-11", "as_of: 2022-13-45")},
         "scenarios/morning.yaml:4:1: as_of: '2022-13-45' is not a valid date; write YYYY-MM-DD"),
    case("bad-date-day", {S: sub("as_of: 2022-10-11", "as_of: 2022-02-30")},
         "scenarios/morning.yaml:4:1: as_of: '2022-02-30' is not a valid date"),
    case("bad-date-words", {S: sub("as_of: 2022-10-11", "as_of: yesterday")},
         "scenarios/morning.yaml:4:1: as_of: 'yesterday' is not a valid date"),
    case("bad-date-number", {S: sub("as_of: 2022-10-11", "as_of: 20221011")},
         "scenarios/morning.yaml:4:1: as_of: 20221011 is not a valid date"),
    case("bad-date-published", {I: sub("published: 2022-10-11", "published: 11/10/2022")},
         "seeds/index.yaml:7:5: documents.0.published: '11/10/2022' is not a valid date"),
    case("window-days-zero", {M: sub("  wet:\n    states:", "  wet:\n    window_days: 0\n    states:")},
         "models/wet.yaml:29:5: nodes.wet.window_days: 0 is out of range; it must be greater than 0"),
    case("window-days-words", {M: sub("  wet:\n    states:", "  wet:\n    window_days: soon\n    states:")},
         "models/wet.yaml:29:5: nodes.wet.window_days: 'soon' is not a number"),
    case("window-node-single-state", {M: sub("  wet:\n    states: [dry, damp, soaked]",
                                             "  wet:\n    window_days: 30\n    states: [soaked]")},
         "models/wet.yaml:30:5: nodes.wet.states: too few entries (1); give at least 2"),
    case("horizon-before-as-of", {S: sub("horizon: 2022-10-12", "horizon: 2022-10-01")},
         "scenarios/morning.yaml:5:1: horizon 2022-10-01 is before as_of 2022-10-11"),
    # --- documents and quotes ---------------------------------------------------------------
    case("unknown-document-in-finding", {S: sub("{doc: weather_report, quote: \"the",
                                                "{doc: weather_reprt, quote: \"the")},
         "scenarios/morning.yaml:12:14: unknown document 'weather_reprt'; known documents: weather_report"),
    case("unknown-document-in-model", {M: sub("{doc: weather_report", "{doc: weather_reprt")},
         "models/wet.yaml:19:10: unknown document 'weather_reprt'"),
    case("no-seeds-index", {I: None},
         "models/wet.yaml:19:10: cites document 'weather_report' but there is no seeds index"),
    case("seeds-folder-missing", {M: sub("targets: [rain]", "targets: [rain]\nseeds: ../nowhere")},
         "models/wet.yaml:5:1: seeds folder '../nowhere' not found"),
    case("quote-not-in-document", {S: sub("at dawn - and", "at noon - and")},
         "scenarios/morning.yaml:12:35: quote not found in weather_report (doc.txt); closest passage",
         ("sources", "check", S)),
    case("quote-not-in-document-default-files", {M: sub("The rain fell", "The snow fell")},
         "models/wet.yaml:19:31: quote not found in weather_report", ("sources", "check")),
    case("quote-not-in-document-validate", {M: sub("The rain fell", "The snow fell")},
         "models/wet.yaml:19:31: quote not found in weather_report", ("validate", M)),
    case("document-not-utf8", {"seeds/doc.txt": b"The rain\n\xff fell"},
         "seeds/doc.txt:2:1: not valid UTF-8 (byte 0xff)", ("sources", "check", S)),
    case("document-leaves-seeds", {I: sub("file: doc.txt", "file: ../models/wet.yaml")},
         "seeds/index.yaml:4:5: document file '../models/wet.yaml' leaves the seeds folder"),
    case("document-absolute-path", {I: sub("file: doc.txt", "file: /etc/passwd")},
         "seeds/index.yaml:4:5: document file '/etc/passwd' leaves the seeds folder"),
    case("document-file-missing", {I: sub("file: doc.txt", "file: nodoc.txt")},
         "seeds/index.yaml:4:5: document file 'nodoc.txt' not found in seeds"),
    case("document-id-repeated", {I: lambda t: t + "  - id: weather_report\n    file: doc.txt\n"},
         "seeds/index.yaml:9:5: document id 'weather_report' appears twice"),
    case("sources-check-index", {}, "seeds/index.yaml:1:1: sources files hold no quotes",
         ("sources", "check", I)),
    case("sources-check-nothing", {M: None, S: None}, "no files to check", ("sources", "check")),
    # --- evidence ---------------------------------------------------------------------------
    case("invalid-grade", {S: sub("grade: B2", "grade: G7")},
         "scenarios/morning.yaml:11:5: evidence.0.grade: grade 'G7' is not an Admiralty grade; write a "
         "letter A-F then a digit 1-6"),
    case("invalid-grade-lowercase", {S: sub("grade: B2", "grade: b2")},
         "scenarios/morning.yaml:11:5: evidence.0.grade: grade 'b2' is not an Admiralty grade"),
    case("invalid-grade-number", {S: sub("grade: B2", "grade: 2")},
         "scenarios/morning.yaml:11:5: evidence.0.grade: grade 2 is not an Admiralty grade"),
    case("zero-likelihood", {S: sub("likelihood: {no_clouds: 0.5", "likelihood: {no_clouds: 0")},
         "scenarios/morning.yaml:14:18: likelihood on 'cloudy': likelihood of 'no_clouds' is 0.0; every "
         "likelihood must be a positive number"),
    case("negative-likelihood", {S: sub("likelihood: {no_clouds: 0.5", "likelihood: {no_clouds: -1")},
         "scenarios/morning.yaml:14:18: likelihood on 'cloudy': likelihood of 'no_clouds' is -1.0"),
    case("unknown-state-in-likelihood", {S: sub("likelihood: {no_clouds: 0.5", "likelihood: {sunny: 0.5")},
         "scenarios/morning.yaml:14:18: likelihood on 'cloudy': unknown state 'sunny'"),
    case("relay-reliability-unknown",
         {S: sub("    note: a vague report", "    source: {doc: weather_report, quote: \"The rain "
                 "fell all night\", via: [{name: a blog, reliability: G}]}\n    note: a vague report")},
         "scenarios/morning.yaml:15:90: evidence.1.source.via.0.reliability: 'G' is not allowed"),
    case("relay-without-name",
         {S: sub("    note: a vague report", "    source: {doc: weather_report, quote: \"The rain "
                 "fell all night\", via: [{reliability: F}]}\n    note: a vague report")},
         "scenarios/morning.yaml:15:"),
    case("state-and-likelihood", {S: sub("    likelihood:", "    state: clouds\n    likelihood:")},
         "scenarios/morning.yaml:13:5: a finding needs exactly one of `state` (optionally with `grade`) "
         "or `likelihood`; this one has both"),
    case("neither-state-nor-likelihood", {S: sub("    likelihood: {no_clouds: 0.5, clouds: 1.0}\n", "")},
         "scenarios/morning.yaml:13:5: a finding needs exactly one of"),
    case("unknown-state-in-finding", {S: sub("state: soaked", "state: drenched")},
         "scenarios/morning.yaml:10:5: unknown state 'drenched' of 'wet'; states are dry, damp, soaked"),
    case("unknown-node-in-finding", {S: sub("node: wet", "node: wett")},
         "scenarios/morning.yaml:9:5: evidence on unknown node 'wett'"),
    case("duplicate-finding-id",
         {S: lambda t: t.replace("  - node: wet\n", "  - id: dawn\n    node: wet\n", 1).replace(
             "  - node: cloudy\n", "  - id: dawn\n    node: cloudy\n", 1)},
         "scenarios/morning.yaml:14:5: finding id 'dawn' is used twice (the other at line 9)"),
    *(case(f"fabricated-quote-{command}", {S: sub("grass was wet", "grass was soaked")},
           ("scenarios/morning.yaml:12:35: quote not found in weather_report; closest passage",
            r'"the \"grass was wet\" at dawn - and the sprinkler"', "--allow-unverified"),
           (command, S, *extra))
      for command, extra in (("run", ("--out", "out")), ("explain", ()), ("sensitivity", ()),
                             ("voi", ()), ("chart", ("--out", "c.png")),
                             ("brief", ("--out", "b.html")), ("compare", (S,)))),
    case("finding-from-a-later-document", {I: sub("published: 2022-10-11", "published: 2022-10-12")},
         "scenarios/morning.yaml:12:14: finding cites weather_report, published 2022-10-12, after "
         "the scenario's as_of 2022-10-11: not knowable at the snapshot"),
    case("strict-makes-warnings-errors", {S: sub("    grade: B2\n", ""), M: all_judgement},
         "scenarios/morning.yaml:9: ungraded: finding wet#1 (wet=soaked) has no grade and is treated "
         "as certain", ("run", S, "--strict")),
    case("derived-from-itself", {I: sub("    published_basis: dateline",
                                        "    published_basis: dateline\n    derived_from: [weather_report]")},
         "seeds/index.yaml:9:20: document 'weather_report' names itself in derived_from"),
    case("unknown-target-scenario", {S: sub("targets: [rain, sprinkler]", "targets: [rain, sprinklr]")},
         "scenarios/morning.yaml:7:17: unknown target 'sprinklr'"),
    case("prior-for-unknown-node", {S: sub("  cloudy: {no", "  cloudyy: {no")},
         "scenarios/morning.yaml:17:3: prior for unknown node 'cloudyy'; root nodes are cloudy"),
    case("prior-for-non-root", {S: sub("  cloudy: {no_clouds: 0.4, clouds: 0.6}",
                                       "  rain: {dry: 0.4, rain: 0.6}")},
         "scenarios/morning.yaml:17:3: prior for 'rain', which has parents; priors can be set on root "
         "nodes only"),
    case("scenario-prior-sum", {S: sub("clouds: 0.6}", "clouds: 0.4}")},
         "scenarios/morning.yaml:17:3: prior of 'cloudy': probabilities sum to 0.8, not 1"),
    case("scenario-prior-unknown-state", {S: sub("clouds: 0.6}", "sun: 0.6}")},
         "scenarios/morning.yaml:17:28: prior of 'cloudy': unknown state 'sun'"),
    case("impossible-findings", {M: DETERMINISTIC, S: CONFLICTING_FINDINGS},
         "the evidence is impossible under the model: cloudy=clouds at scenarios/morning.yaml:13; "
         "sprinkler=on at scenarios/morning.yaml:15 cannot all hold"),
    case("impossible-finding", {
        M: sub("prior: {no_clouds: 0.5, clouds: 0.5}", "prior: {no_clouds: 0.0, clouds: 1.0}"),
        S: lambda t: sub("likelihood: {no_clouds: 0.5, clouds: 1.0}", "state: no_clouds")(
            sub("priors:\n  cloudy: {no_clouds: 0.4, clouds: 0.6}\n", "")(t))},
        "the evidence is impossible under the model: cloudy=no_clouds at scenarios/morning.yaml:13 has "
        "probability zero"),
    case("impossible-after-set", {S: sub("likelihood: {no_clouds: 0.5, clouds: 1.0}", "state: no_clouds")},
         "cloudy=no_clouds at scenarios/morning.yaml:13 has probability zero",
         (*RUN, "--set", "cloudy=clouds:1")),
    # --- --set --------------------------------------------------------------------------------
    case("set-no-equals", {}, "--set 'cloudy': malformed; write --set NODE=STATE:P",
         (*RUN, "--set", "cloudy")),
    case("set-no-colon", {}, "--set 'cloudy=clouds': malformed part 'clouds'",
         (*RUN, "--set", "cloudy=clouds")),
    case("set-empty-value", {}, "--set 'cloudy=': malformed", (*RUN, "--set", "cloudy=")),
    case("set-trailing-comma", {}, "--set 'cloudy=clouds:0.2,': malformed part ''",
         (*RUN, "--set", "cloudy=clouds:0.2,")),
    case("set-not-a-number", {}, "--set 'cloudy=clouds:abc': 'abc' is not a number",
         (*RUN, "--set", "cloudy=clouds:abc")),
    case("set-nan", {}, "--set 'cloudy=clouds:nan': probability nan is outside [0, 1]",
         (*RUN, "--set", "cloudy=clouds:nan")),
    case("set-above-one", {}, "--set 'cloudy=clouds:1.5': probability 1.5 is outside [0, 1]",
         (*RUN, "--set", "cloudy=clouds:1.5")),
    case("set-negative", {}, "--set 'cloudy=clouds:-0.1': probability -0.1 is outside [0, 1]",
         (*RUN, "--set", "cloudy=clouds:-0.1")),
    case("set-unknown-node", {}, "--set 'cloudyy=clouds:0.1': unknown node 'cloudyy'; root nodes are cloudy",
         (*RUN, "--set", "cloudyy=clouds:0.1")),
    case("set-non-root", {}, "--set 'rain=rain:0.1': 'rain' has parents; --set changes root priors only",
         (*RUN, "--set", "rain=rain:0.1")),
    case("set-unknown-state", {}, "--set 'cloudy=sun:0.1': unknown state 'sun' of 'cloudy'",
         (*RUN, "--set", "cloudy=sun:0.1")),
    case("set-state-twice", {}, "--set 'cloudy=clouds:0.2,clouds:0.3': state 'clouds' given twice",
         (*RUN, "--set", "cloudy=clouds:0.2,clouds:0.3")),
    case("set-sum-above-one", {}, "the probabilities given sum to 1.4, more than 1",
         (*RUN, "--set", "cloudy=clouds:0.7,no_clouds:0.7")),
    case("set-all-states-sum", {}, "every state is given but they sum to 0.9, not 1",
         (*RUN, "--set", "cloudy=clouds:0.2,no_clouds:0.7")),
    case("set-second-of-two-bad", {}, "--set 'cloudy=clouds:2'",
         (*RUN, "--set", "cloudy=clouds:0.3", "--set", "cloudy=clouds:2")),
    # --- query --------------------------------------------------------------------------------
    case("query-unknown-target", {}, "--target 'rainn': unknown node; nodes are cloudy, rain",
         ("query", M, "-t", "rainn")),
    case("query-malformed-evidence", {}, "--evidence 'wet': write NODE=STATE", ("query", M, "-e", "wet")),
    case("query-unknown-node", {}, "--evidence 'wett=dry': unknown node 'wett'",
         ("query", M, "-e", "wett=dry")),
    case("query-unknown-state", {}, "--evidence 'wet=drenched': unknown state 'drenched'",
         ("query", M, "-e", "wet=drenched")),
    case("query-two-findings-on-one-node", {}, "--evidence 'wet=damp': a second finding on 'wet'",
         ("query", M, "-e", "wet=dry", "-e", "wet=damp")),
    case("query-impossible-evidence", {M: DETERMINISTIC},
         "cloudy=clouds at --evidence cloudy=clouds; sprinkler=on at --evidence sprinkler=on cannot all hold",
         ("query", M, "-e", "cloudy=clouds", "-e", "sprinkler=on")),
    # --- validate reports every problem, of every file, in one pass ---------------------------
    case("validate-every-problem", {
        M: sub("targets: [rain]", "targets: [rainn]"),
        I: sub("file: doc.txt", "file: ../x.txt"),
        S: sub("grade: B2", "grade: Z9")},
        ("models/wet.yaml:4:11: unknown target 'rainn'",
         "seeds/index.yaml:4:5: document file '../x.txt' leaves the seeds folder"),
        ("validate", M, S, I)),
]


@pytest.mark.parametrize(("edits", "args", "expected"), CASES)
def test_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edits, args, expected) -> None:
    make_project(tmp_path, edits)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = runner().invoke(app, list(args))
    stderr = result.stderr
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    for text in expected:
        assert text in stderr, f"expected {text!r} in stderr:\n{stderr}"
    assert "Traceback" not in result.output and "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), stderr
    assert len(lines) <= 5, f"too many messages for one mistake:\n{stderr}"
    assert snapshot(tmp_path) == before, "something was written although the input was bad"
    assert not (tmp_path / "out").is_dir()


def test_bad_input_cases_have_unique_ids() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("args", [
    RUN,
    ("validate", M, S, I),
    ("sources", "check"),
    ("query", M, "-e", "wet=soaked"),
], ids=["run", "validate", "sources-check", "query"])
def test_the_unchanged_fixture_is_good(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args) -> None:
    """The cases above fail because of their mutation, not because the fixture is broken."""
    make_project(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    result = runner().invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    assert "error" not in result.stderr
    if args == RUN:
        assert [p.name for p in (tmp_path / "out").iterdir()] == ["morning.json"]


def test_out_folder_stays_empty_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, {S: sub("grade: B2", "grade: G7")})
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner().invoke(app, list(RUN))
    assert result.exit_code == 2
    assert list((tmp_path / "out").iterdir()) == []


def _python_m_forecast(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "forecast", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: forecast-scenario/1\nid: [oops\n", encoding="utf-8")
    proc = _python_m_forecast(tmp_path, "run", "bad.yaml", "--out", "out")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: bad.yaml:3:1: YAML syntax error"), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: forecast-scenario/1\nid: [oops\n", encoding="utf-8")
    proc = _python_m_forecast(tmp_path, "--debug", "run", "bad.yaml", "--out", "out")
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr
    assert "UserError" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]
