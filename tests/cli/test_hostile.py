"""Hostile input: each case is a small file (or path) built to make a reader allocate
gigabytes, hang, or crash. Each runs the real `forecast` CLI in a child process and must exit
2 with one short `error:` line naming the file (or option) and the problem, no traceback,
nothing written, and a peak memory (the child's own VmHWM) well under 1 GB. A few valid but
extreme inputs (63 certain findings, 5,000 findings, mathtext in a title) must succeed.
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.child_memory import Outcome, run_forecast

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
PEAK_LIMIT_MB = 900  # "well under 1 GB"
HANG_GUARD = 120.0  # seconds: a hang (a FIFO read) fails the case instead of the suite
M = "models/wet.yaml"
S = "scenarios/morning.yaml"


def forecast(args: list[str], cwd: Path) -> Outcome:
    """Run the CLI in a child: its exit code, output and own peak resident memory."""
    return run_forecast(args, cwd, HANG_GUARD)


def project(root: Path) -> Path:
    for folder in ("models", "scenarios", "seeds"):
        shutil.copytree(FIXTURE / folder, root / folder)
    return root


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if not p.name.startswith(".std")}


# --- generators --------------------------------------------------------------------------

def bif(variables: dict[str, list[str]], tables: list[str]) -> str:
    lines = ["network hostile {}"]
    for name, states in variables.items():
        lines.append(f"variable {name} {{ type discrete [ {len(states)} ] {{ {', '.join(states)} }}; }}")
    return "\n".join([*lines, *tables]) + "\n"


def star_bif(children: int) -> str:
    """A root A with `children` binary children B0..Bn."""
    variables = {"A": ["a0", "a1"], **{f"B{i}": ["y", "n"] for i in range(children)}}
    tables = ["probability ( A ) { table 0.3, 0.7; }"]
    tables += [f"probability ( B{i} | A ) {{ (a0) 0.{i % 9 + 1}, {1 - (i % 9 + 1) / 10:.1f}; "
               f"(a1) 0.5, 0.5; }}" for i in range(children)]
    return bif(variables, tables)


def wide_model(form: str, parents: int = 30) -> str:
    """A model whose node `child` has `parents` binary parents, in the given form (2-3 KB)."""
    lines = ["format: forecast-model/1", "id: wide", "title: Wide", "nodes:"]
    for i in range(parents):
        lines += [f"  p{i}:", "    states: [no, yes]", "    prior: [0.5, 0.5]"]
    names = ", ".join(f"p{i}" for i in range(parents))
    lines += ["  child:", "    states: [low, high]", f"    parents: [{names}]"]
    if form == "noisy_max":
        lines += ["    noisy_max:", "      leak: [0.9, 0.1]", "      parents:"]
        lines += [f"        p{i}: {{yes: [0.5, 0.5]}}" for i in range(parents)]
    elif form == "ranked":
        weights = ", ".join(f"p{i}: 1" for i in range(parents))
        lines += ["    ranked:", "      function: wmean", f"      weights: {{{weights}}}",
                  "      variance: 0.1"]
    else:
        lines += ["    table:", "      - given: {p0: no}", "        p: [0.5, 0.5]"]
    return "\n".join(lines) + "\n"


def model_with(change: str) -> Callable[[Path], str]:
    """Edit the fixture model: `old->new`, where `old` must be there."""
    old, new = change.split("->")

    def edit(root: Path) -> str:
        path = root / M
        original = path.read_text(encoding="utf-8")
        assert old in original, f"fixture changed: {old!r} not found"
        path.write_text(original.replace(old, new, 1), encoding="utf-8")
        return M
    return edit


def uai_gz_bomb(path: Path) -> None:
    """About 100 KB of gzip that expands to 200 MB."""
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b"BAYES\n1\n2\n1\n1 0\n2\n")
        chunk = b"0.5 " * 262_144
        for _ in range(200):
            handle.write(chunk)


def bif_gz_bomb(path: Path) -> None:
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b"network n {}\nvariable A { type discrete [ 2 ] { a, b }; }\n"
                     b"probability ( A ) { table ")
        chunk = b"0.5, " * 200_000
        for _ in range(200):
            handle.write(chunk)
        handle.write(b"; }\n")


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)
    return make


def text(content: str | bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return make


NAN_BIF = bif({"A": ["a", "b"], "B": ["x", "y"]}, [
    "probability ( A ) { table 0.5, 0.5; }",
    "probability ( B | A ) { (a) nan, nan; default 0.5, 0.5; }"])
INF_BIF = bif({"A": ["a", "b"]}, ["probability ( A ) { table inf, 0.5; }"])
WIDE_BIF = bif({**{f"P{i}": [f"s{k}" for k in range(20)] for i in range(12)}, "C": ["c0", "c1"]}, [
    *(f"probability ( P{i} ) {{ table {', '.join(['0.05'] * 20)}; }}" for i in range(12)),
    "probability ( C | " + ", ".join(f"P{i}" for i in range(12)) + " ) { default 0.5, 0.5; }"])
MANY_STATES_BIF = bif({"A": [f"s{k}" for k in range(5000)]},
                      ["probability ( A ) { default " + ", ".join(["0.0002"] * 5000) + "; }"])
NET_NAN = ("net { }\nnode A { states = (\"a\" \"b\"); }\n"
           "potential ( A ) { data = ( nan 0.5 ); }\n")
NET_WIDE = ("net { }\n" + "".join(f"node P{i} {{ states = (\"a\" \"b\"); }}\n" for i in range(30))
            + "potential ( P0 | " + " ".join(f"P{i}" for i in range(1, 30)) + " ) { data = (0.5 0.5); }\n")
XDSL_INF = ('<?xml version="1.0"?><smile version="1.0" id="n"><nodes>'
            '<cpt id="A"><state id="a"/><state id="b"/><probabilities>inf 0.5</probabilities></cpt>'
            '</nodes></smile>')
XDSL_WIDE = ('<?xml version="1.0"?><smile version="1.0" id="n"><nodes>'
             + "".join(f'<cpt id="P{i}"><state id="a"/><state id="b"/><probabilities>0.5 0.5'
                       '</probabilities></cpt>' for i in range(30))
             + '<cpt id="C"><state id="a"/><state id="b"/><parents>'
             + " ".join(f"P{i}" for i in range(30))
             + "</parents><probabilities>0.5 0.5</probabilities></cpt></nodes></smile>")
XMLBIF_NAN = ('<?xml version="1.0"?><BIF VERSION="0.3"><NETWORK><NAME>n</NAME>'
              '<VARIABLE TYPE="nature"><NAME>A</NAME><OUTCOME>a</OUTCOME><OUTCOME>b</OUTCOME>'
              '</VARIABLE><DEFINITION><FOR>A</FOR><TABLE>NaN 0.5</TABLE></DEFINITION>'
              '</NETWORK></BIF>')
UAI_HUGE_CARD = "BAYES\n1\n999999999\n1\n1 0\n"  # 22 bytes
UAI_WIDE = ("BAYES\n30\n" + " ".join(["2"] * 30) + "\n1\n30 " + " ".join(map(str, range(30)))
            + "\n2\n0.5 0.5\n")
UAI_NAN = "BAYES\n1\n2\n1\n1 0\n2\nnan 0.5\n"
_ENTITIES = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
    f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 10))
XML_BOMB = (f'<?xml version="1.0"?><!DOCTYPE BIF [{_ENTITIES}]><BIF VERSION="0.3"><NETWORK>'
            "<NAME>&a9;</NAME></NETWORK></BIF>")
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9))


@dataclass
class Case:
    id: str
    file: str                       # created in the project folder by `make` (if any)
    make: Callable[[Path], None] | None
    args: list[str]                 # with {file} for the file's path
    expect: str                     # text the error line must hold
    names: str | None = None        # what the line must name (default: the file)


def case(id: str, file: str, make, args: list[str], expect: str, names: str | None = None):
    return pytest.param(Case(id, file, make, args, expect, names), id=id)


QUERY = ["query", "{file}"]
CASES = [
    # paths: only regular files are read
    case("fifo-bif", "net.bif", fifo, QUERY, "named pipe"),
    case("fifo-yaml-model", "model.yaml", fifo, QUERY, "named pipe"),
    case("fifo-scenario", "s.yaml", fifo, ["run", "{file}"], "named pipe"),
    case("fifo-cases-csv", "cases.csv", fifo, ["query", M, "--evidence-file", "{file}"],
         "named pipe"),
    case("fifo-validate", "v.yaml", fifo, ["validate", "{file}"], "named pipe"),
    case("zero-yaml-model", "zero.yaml", link_to("/dev/zero"), QUERY, "device"),
    case("zero-bif", "zero.bif", link_to("/dev/zero"), QUERY, "device"),
    case("zero-scenario", "zero_s.yaml", link_to("/dev/zero"), ["run", "{file}"], "device"),
    case("zero-cases-csv", "zero.csv", link_to("/dev/zero"),
         ["query", M, "--evidence-file", "{file}"], "device"),
    case("zero-import", "zero.xdsl", link_to("/dev/zero"), ["import", "{file}", "-o", "out.yaml"],
         "device"),
    case("urandom-net", "r.net", link_to("/dev/urandom"), QUERY, "device"),
    case("sparse-yaml-100MB", "big.yaml", sparse(100_000_000), QUERY, "larger than"),
    case("sparse-bif-100MB", "big.bif", sparse(100_000_000), QUERY, "larger than"),
    case("sparse-csv-100MB", "big.csv", sparse(100_000_000),
         ["query", M, "--evidence-file", "{file}"], "larger than"),
    case("csv-4M-cases", "many.csv", text("wet\n" + "soaked\n" * 4_000_000),
         ["query", M, "--evidence-file", "{file}"], "rows"),
    case("csv-2M-columns", "wide.csv", text(",".join(f"c{i}" for i in range(2_000_000)) + "\n"),
         ["query", M, "--evidence-file", "{file}"], "columns"),
    # gzip: decompression is bounded
    case("gz-bomb-bif", "bomb.bif.gz", bif_gz_bomb, QUERY, "decompresses to more than"),
    case("gz-bomb-uai", "bomb.uai.gz", uai_gz_bomb, ["import", "{file}", "-o", "o.yaml"],
         "decompresses to more than"),
    case("gz-corrupt", "bad.bif.gz", text(b"\x1f\x8b\x08\x00garbage"), QUERY, "not a readable gzip"),
    # declared sizes are costed before anything is allocated
    case("yaml-noisy-max-30-parents", "wide_nm.yaml", text(wide_model("noisy_max")), QUERY,
         "entries"),
    case("yaml-ranked-30-parents", "wide_rk.yaml", text(wide_model("ranked")), QUERY, "entries"),
    case("yaml-table-30-parents", "wide_t.yaml", text(wide_model("table")), QUERY, "entries"),
    case("yaml-5000-states", "states.yaml", text(
        "format: forecast-model/1\nid: s\ntitle: S\nnodes:\n  a:\n    states: ["
        + ", ".join(f"s{k}" for k in range(5000)) + "]\n    prior: {s0: 1.0}\n"), QUERY, "states"),
    case("bif-12-parents-of-20", "wide.bif", text(WIDE_BIF), QUERY, "entries"),
    case("bif-5000-states", "states.bif", text(MANY_STATES_BIF), QUERY, "states"),
    case("uai-22-bytes-huge-card", "huge.uai", text(UAI_HUGE_CARD), QUERY, "states"),
    case("uai-30-scope", "wide.uai", text(UAI_WIDE), QUERY, "entries"),
    case("net-30-parents", "wide.net", text(NET_WIDE), QUERY, "entries"),
    case("xdsl-30-parents", "wide.xdsl", text(XDSL_WIDE), QUERY, "entries"),
    case("samples-1e9", "", None, ["run", S, "--samples", "1000000000"], "--samples",
         names="--samples"),
    case("samples-1e9-written-so", "", None, ["run", S, "--samples", "1e9"], "--samples",
         names="--samples"),
    case("samples-chart", "", None,
         ["chart", S, "--kind", "posterior", "--samples", "500000000", "--out", "c.png"],
         "--samples", names="--samples"),
    # NaN and infinities are refused, by name, in every format
    case("bif-nan-row-with-default", "nan.bif", text(NAN_BIF), QUERY, "NaN"),
    case("bif-inf", "inf.bif", text(INF_BIF), QUERY, "infinite"),
    case("net-nan", "nan.net", text(NET_NAN), QUERY, "NaN"),
    case("xdsl-inf", "inf.xdsl", text(XDSL_INF), QUERY, "infinite"),
    case("xmlbif-nan", "nan.xml", text(XMLBIF_NAN), QUERY, "NaN"),
    case("uai-nan", "nan.uai", text(UAI_NAN), QUERY, "NaN"),
    case("yaml-prior-nan", "", model_with(
        "prior: {no_clouds: 0.5, clouds: 0.5}->prior: {no_clouds: .nan, clouds: 0.5}"),
        QUERY, "nan"),
    case("yaml-table-inf", "", model_with("p: {dry: 0.8, rain: 0.2}->p: {dry: .inf, rain: 0.2}"),
         QUERY, "inf"),
    case("yaml-leak-nan", "", model_with(
        "leak: {dry: 0.9, damp: 0.08, soaked: 0.02}->leak: {dry: .nan, damp: 0.08, soaked: 0.02}"),
        QUERY, "nan"),
    case("set-nan", "", None, ["run", S, "--set", "cloudy=clouds:nan"], "cloudy", names="--set"),
    # XML and YAML bombs
    case("xmlbif-entity-bomb", "lol.xml", text(XML_BOMB), QUERY, "amplification"),
    case("xdsl-entity-bomb", "lol.xdsl", text(XML_BOMB.replace("BIF", "smile")), QUERY,
         "amplification"),
    case("yaml-alias-bomb", "bomb.yaml", text(ALIAS_BOMB), QUERY, "alias"),
    case("yaml-5M-values", "values.yaml", text("a: [" + ", ".join(["0"] * 5_000_000) + "]\n"), QUERY,
         "values"),
    case("yaml-deep-nesting", "deep.yaml", text("a: " + "[" * 5000 + "]" * 5000 + "\n"), QUERY,
         "nesting"),
    # outputs that cannot be written: exit 2, nothing written
    case("out-folder-in-proc", "", None, ["run", S, "--format", "json", "--out", "/proc/forecast"],
         "cannot", names="/proc/forecast"),
    case("out-folder-in-sys", "", None, ["run", S, "--format", "json", "--out", "/sys/kernel"],
         "cannot", names="/sys/kernel"),
    case("chart-into-sys", "", None, ["chart", S, "--kind", "network", "--out", "/sys/kernel/x.png"],
         "cannot", names="/sys/kernel"),
    case("export-into-proc", "", None, ["export", M, "-o", "/proc/self/x.bif"], "cannot",
         names="/proc/self"),
    # a quote of invisible characters
    case("quote-invisible", "", model_with(
        'quote: "The rain fell all night"->quote: "\u200b\u200d\u2060"'), ["validate", M],
        "invisible", names=M),
]


@pytest.mark.parametrize("hostile", CASES)
def test_hostile_input_is_refused(tmp_path: Path, hostile: Case) -> None:
    root = project(tmp_path)
    target = hostile.file
    if hostile.make is not None:
        made = hostile.make(root / target) if target else hostile.make(root)
        target = made if isinstance(made, str) else target
    before = files_under(root)
    result = forecast([a.replace("{file}", target) for a in hostile.args], root)
    lines = result.stderr.strip().splitlines()
    assert result.code == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[-2000:]
    assert (hostile.names or target) in lines[0]
    assert hostile.expect in lines[0]
    assert len(lines[0]) < 400
    assert files_under(root) == before  # nothing written
    assert result.peak_mb < PEAK_LIMIT_MB


def test_63_certain_findings_are_answered(tmp_path: Path) -> None:
    (tmp_path / "star.bif").write_text(star_bif(70), encoding="utf-8")
    args = ["query", "star.bif", "--target", "A", "--format", "json"]
    for i in range(63):
        args += ["--evidence", f"B{i}=y"]
    result = forecast(args, tmp_path)
    assert result.code == 0, result.stderr[-2000:]
    import json

    got = json.loads(result.stdout)["posteriors"]["A"]
    # brute force: P(A | all B_i = y) for this star
    like = {"a0": 0.3, "a1": 0.7}
    for i in range(63):
        like["a0"] *= (i % 9 + 1) / 10
        like["a1"] *= 0.5
    total = like["a0"] + like["a1"]
    assert got["a0"] == pytest.approx(like["a0"] / total, abs=1e-12)


def test_5000_findings_work_and_a_conflict_among_them_is_named(tmp_path: Path) -> None:
    text_ = star_bif(5000)
    (tmp_path / "star.bif").write_text(text_, encoding="utf-8")
    evidence = [arg for i in range(5000) for arg in ("--evidence", f"B{i}=y")]
    result = forecast(["query", "star.bif", "--target", "A", "--format", "json", *evidence], tmp_path)
    assert result.code == 0, result.stderr[-2000:]
    assert '"a1": 1.0' in result.stdout  # P(e | a0) / P(e | a1) is about 1e-1000
    # B7=y impossible under a0 and B4000=y impossible under a1: together impossible
    text_ = text_.replace("probability ( B7 | A ) { (a0) 0.8, 0.2;",
                          "probability ( B7 | A ) { (a0) 0.0, 1.0;")
    text_ = text_.replace("probability ( B4000 | A ) { (a0) 0.5, 0.5; (a1) 0.5, 0.5;",
                          "probability ( B4000 | A ) { (a0) 0.5, 0.5; (a1) 0.0, 1.0;")
    assert "(a0) 0.0, 1.0" in text_ and "(a1) 0.0, 1.0" in text_
    (tmp_path / "conflict.bif").write_text(text_, encoding="utf-8")
    result = forecast(["query", "conflict.bif", "--target", "A", *evidence], tmp_path)
    assert result.code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert "B7=y" in line and "B4000=y" in line and "impossible" in line, line


def test_mathtext_in_a_title_is_drawn_as_written(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / S
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Wet grass in the morning", 'title: "Costs $\\\\frac{1}{ and $x^$"'), encoding="utf-8")
    assert "frac" in path.read_text(encoding="utf-8")
    result = forecast(["chart", S, "--kind", "posterior", "--out", "c.svg",
                       "--marking", "$\\bad{"], root)
    assert result.code == 0, result.stderr[-2000:]
    assert (root / "c.svg").stat().st_size > 1000
