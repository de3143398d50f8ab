"""Import and export: BIF, XMLBIF, Hugin NET, GeNIe XDSL, UAI.

Every format is written and read back by us, by pgmpy and by pyAgrum; the project's models
go round every format; every bnlearn network pgmpy ships is imported and checked against
pyAgrum's own reading of the file (and pgmpy's, for the small ones).

Two readers misread some files, both checked here so that the exceptions are explicit:
- pyAgrum 3.3 reads XDSL and UAI tables of nodes with two or more parents as if the first
  parent changed fastest (the formats say the last; its XDSL reader's comment says it
  iterates the parents in reverse, the code does not); it reads BIF, NET and UAI numbers in
  single precision (so 1e-7 there).
- pgmpy's UAI reader expects the child's states slowest and no exponents in numbers.
"""

from __future__ import annotations

import gzip
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import typer
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from forecast import interop
from forecast.cli import interop as interop_cli
from forecast.errors import UserError
from forecast.spec.load import load_model

FORMATS = ["bif", "xml", "net", "xdsl", "uai"]
MODELS = [ROOT / "models" / "belarus.yaml", FIXTURES / "tiny" / "models" / "wet.yaml"]
SMALL = ["asia", "cancer", "earthquake", "sachs", "survey", "alarm", "child", "insurance"]
ALL = [*SMALL, "water", "hailfinder", "hepar2", "win95pts", "andes", "barley", "mildew",
       "pathfinder", "munin1", "pigs", "link", "diabetes", "munin", "munin2", "munin3", "munin4"]


def example(name: str) -> Path:
    import pgmpy

    return Path(pgmpy.__file__).parent / "utils" / "example_models" / f"{name}.bif.gz"


def cli():
    app = typer.Typer()
    interop_cli.register(app)
    return app


def pyagrum_load(path: Path, tmp: Path):
    """pyAgrum reads by extension: .bifxml for XMLBIF, and no .gz."""
    import pyagrum as gum

    target = tmp / (path.name.replace(".gz", "").replace(".xml", ".bifxml"))
    if path.suffix == ".gz":
        target.write_bytes(gzip.decompress(path.read_bytes()))
    elif target != path:
        shutil.copy(path, target)
    return gum.loadBN(str(target))


def pyagrum_table(bn, child: str, parents: list[str]) -> np.ndarray:
    """A pyAgrum CPT with axes (*parents, child), whatever its internal order."""
    potential = bn.cpt(child)
    axes = list(reversed(list(potential.names)))
    return np.transpose(np.asarray(potential.toarray()), [axes.index(n) for n in [*parents, child]])


def assert_same_network(a, b, atol: float = 1e-12, labels: bool = True) -> None:
    """Same nodes (pgmpy's BIF writer sorts them by name), states, parents, tables, labels."""
    assert sorted(a.names) == sorted(b.names)
    for name in a.names:
        x, y = a[name], b[name]
        assert x.states == y.states, name
        assert x.parents == y.parents, name
        np.testing.assert_allclose(x.cpt, y.cpt, atol=atol, rtol=0, err_msg=name)
        if labels:
            assert x.label == y.label, name


# --- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("asia", "asia"), ("Visit to Asia?", "Visit_to_Asia_"), ("2nd test", "_2nd_test"),
    ("x-ray (result)", "x_ray_result_"), ("café au lait", "caf_au_lait"), ("0.5 kg", "_0_5_kg"),
    ("", "_"), ("__a", "__a"),
])
def test_identifier(name: str, expected: str) -> None:
    assert interop.identifier(name) == expected
    assert interop.IDENTIFIER.match(expected)


def test_unique_identifiers_suffix_collisions() -> None:
    assert list(interop.unique_identifiers(["a b", "a-b", "a_b"]).values()) == ["a_b", "a_b_2", "a_b_3"]


ODD_BIF = """
// a comment
network "Odd names" {
}
variable Visit_Asia {
  type discrete [ 2 ] { yes, no };
  property label = "Visit to Asia?" ;
}
variable 2nd-test {
  type discrete [ 3 ] { 0.5kg, 1kg, >=2kg };
}
variable x.ray {
  type discrete [ 2 ] { pos, neg };
}
probability ( Visit_Asia ) { table 0.1, 0.9; }
probability ( 2nd-test ) {
  table 0.2, 0.3, 0.5;
}
probability ( x.ray | Visit_Asia, 2nd-test ) {
  default 0.5, 0.5;
  (yes, 0.5kg) 0.1, 0.9;
  (yes, 1kg) 0.2, 0.8;
  (no, >=2kg) 0.6, 0.4;
}
"""


def test_bif_with_odd_names_default_rows_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "odd.bif"
    path.write_text(ODD_BIF)
    network, notes = interop.read_network(path)
    assert notes == []
    assert network.names == ("Visit_Asia", "_2nd_test", "x_ray")
    assert network["Visit_Asia"].label == "Visit to Asia?"
    assert network["_2nd_test"].label == "2nd-test"
    assert network["_2nd_test"].states == ("_0_5kg", "_1kg", "_2kg")
    assert network["x_ray"].parents == ("Visit_Asia", "_2nd_test")
    cpt = network["x_ray"].cpt
    np.testing.assert_allclose(cpt[0, 0], [0.1, 0.9])
    np.testing.assert_allclose(cpt[0, 1], [0.2, 0.8])
    np.testing.assert_allclose(cpt[0, 2], [0.5, 0.5])  # the default row
    np.testing.assert_allclose(cpt[1, 2], [0.6, 0.4])


def test_bif_table_order_matches_pgmpy_and_pyagrum(tmp_path: Path) -> None:
    text = """network t { }
variable A { type discrete [ 2 ] { a0, a1 }; }
variable B { type discrete [ 3 ] { b0, b1, b2 }; }
variable C { type discrete [ 2 ] { c0, c1 }; }
probability ( A ) { table 0.3, 0.7; }
probability ( B ) { table 0.2, 0.3, 0.5; }
probability ( C | A, B ) { table 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4; }
"""
    path = tmp_path / "t.bif"
    path.write_text(text)
    network, _ = interop.read_network(path)
    bn = pyagrum_load(path, tmp_path)
    np.testing.assert_allclose(network["C"].cpt, pyagrum_table(bn, "C", ["A", "B"]), atol=1e-7)
    model = _pgmpy_read("bif", path)
    np.testing.assert_allclose(network["C"].cpt, interop.from_pgmpy(model)["C"].cpt, atol=1e-15)


def _pgmpy_read(fmt: str, path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.readwrite import BIFReader, NETReader, UAIReader, XDSLReader, XMLBIFReader

        reader = {"bif": BIFReader, "xml": XMLBIFReader, "net": NETReader, "xdsl": XDSLReader,
                  "uai": UAIReader}[fmt]
        return reader(str(path)).get_model()


ODD_NET = """net { name = "odd"; }
node VisitAsia { label = "Visit to Asia?"; states = ("yes really" "no"); position = (10 20); }
node test2 { label = "2nd test"; states = ("0.5 kg" "1 kg" "b-c"); }
node xray { states = ("pos" "neg"); }
potential (VisitAsia) { data = (0.1 0.9); }
potential (test2 |) { data = ( 0.2 0.3 0.5 ); }
potential (xray | VisitAsia test2) {
  data = (((0.1 0.9) % yes, 0.5 kg
           (0.2 0.8) (0.3 0.7))
          ((0.4 0.6) (0.5 0.5) (0.6 0.4)));
}
"""

ODD_XDSL = """<?xml version="1.0" encoding="ISO-8859-1"?>
<smile version="1.0" id="Odd" numsamples="1000" discsamples="10000">
  <nodes>
    <cpt id="VisitAsia"><state id="yes_really" /><state id="no" />
      <probabilities>0.1 0.9</probabilities></cpt>
    <cpt id="test2"><state id="s05kg" /><state id="s1kg" /><state id="b_c" />
      <probabilities>0.2
        0.3 0.5</probabilities></cpt>
    <cpt id="xray"><state id="pos" /><state id="neg" /><parents>VisitAsia test2</parents>
      <probabilities>0.1 0.9 0.2 0.8 0.3 0.7 0.4 0.6 0.5 0.5 0.6 0.4</probabilities></cpt>
    <deterministic id="flag"><state id="off" /><state id="on" /><parents>xray</parents>
      <resultingstates>on off</resultingstates></deterministic>
  </nodes>
  <extensions><genie version="1.0" app="GeNIe" name="Odd">
    <node id="VisitAsia"><name>Visit to Asia? (caf\xe9)</name></node>
    <node id="xray"><name>xray</name></node>
  </genie></extensions>
</smile>
"""

ODD_XMLBIF = """<?xml version="1.0"?>
<BIF VERSION="0.3"><NETWORK><NAME>Odd</NAME>
<VARIABLE TYPE="nature"><NAME>Visit to Asia?</NAME><OUTCOME>yes really</OUTCOME>
<OUTCOME>no</OUTCOME></VARIABLE>
<VARIABLE TYPE="nature"><NAME>2nd test</NAME><OUTCOME>0.5 kg</OUTCOME><OUTCOME>1 kg</OUTCOME>
<OUTCOME>b-c</OUTCOME></VARIABLE>
<VARIABLE TYPE="nature"><NAME>x-ray</NAME><OUTCOME>pos</OUTCOME><OUTCOME>neg</OUTCOME></VARIABLE>
<DEFINITION><FOR>Visit to Asia?</FOR><TABLE>0.1 0.9</TABLE></DEFINITION>
<DEFINITION><FOR>2nd test</FOR><TABLE>0.2 0.3 0.5</TABLE></DEFINITION>
<DEFINITION><FOR>x-ray</FOR><GIVEN>Visit to Asia?</GIVEN><GIVEN>2nd test</GIVEN>
<TABLE>0.1 0.9 0.2 0.8 0.3 0.7 0.4 0.6 0.5 0.5 0.6 0.4</TABLE></DEFINITION>
</NETWORK></BIF>
"""

ODD_UAI = """BAYES
3
2 3 2
3
1 0
1 1
3 0 1 2

2
 0.1 0.9
3
 0.2 0.3 0.5
12
 0.1 0.9 0.2 0.8 0.3 0.7 0.4 0.6 0.5 0.5 0.6 0.4
"""

# in every file: P(x-ray | first state of the first parent, second state of the second) = (0.2, 0.8)
ODD = {"net": ODD_NET, "xdsl": ODD_XDSL, "xml": ODD_XMLBIF, "uai": ODD_UAI}


@pytest.mark.parametrize("fmt", sorted(ODD))
def test_odd_names_and_cpt_orientation(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"odd.{fmt}"
    path.write_bytes(ODD[fmt].encode("latin-1"))
    network, _ = interop.read_network(path)
    child = next(n for n, node in network.nodes.items() if len(node.parents) == 2)
    second = network[child].parents[1]
    np.testing.assert_allclose(network[child].cpt[0, 1], [0.2, 0.8])
    np.testing.assert_allclose(network[child].cpt[1, 2], [0.6, 0.4])
    np.testing.assert_allclose(network[second].cpt, [0.2, 0.3, 0.5])
    for name, node in network.nodes.items():
        assert interop.IDENTIFIER.match(name)
        assert all(interop.IDENTIFIER.match(s) for s in node.states)
    if fmt == "xml":
        assert network.names[:2] == ("Visit_to_Asia_", "_2nd_test")
        assert network["Visit_to_Asia_"].label == "Visit to Asia?"
        assert network["_2nd_test"].states == ("_0_5_kg", "_1_kg", "b_c")
    if fmt == "net":
        assert network["VisitAsia"].label == "Visit to Asia?"
        assert network["test2"].states == ("_0_5_kg", "_1_kg", "b_c")
        assert network["VisitAsia"].states == ("yes_really", "no")
    if fmt == "xdsl":
        assert network["VisitAsia"].label == "Visit to Asia? (café)"
        np.testing.assert_allclose(network["flag"].cpt, [[0, 1], [1, 0]])
    # and the YAML written from it is a valid model with the same numbers
    target = tmp_path / "odd.yaml"
    interop.import_model(path, target)
    assert_same_network(network, load_model(target).network, atol=1e-15)


def test_import_writes_compact_valid_yaml(tmp_path: Path) -> None:
    target = tmp_path / "alarm.yaml"
    summary = interop.import_model(example("alarm"), target)
    assert summary["nodes"] == 37 and summary["format"] == "BIF"
    text = target.read_text()
    assert text.startswith("format: forecast-model/1\nid: alarm\n")
    assert "      - {given: {" in text  # one flow-style line per row
    assert '"TRUE"' in text or "TRUE" in text
    loaded = load_model(target)
    network, _ = interop.read_network(example("alarm"))
    assert_same_network(network, loaded.network, atol=1e-15)


def test_reserved_words_as_states_are_quoted(tmp_path: Path) -> None:
    text = """network t { }
variable true { type discrete [ 3 ] { true, null, No }; }
variable n { type discrete [ 2 ] { on, off }; }
probability ( true ) { table 0.2, 0.3, 0.5; }
probability ( n | true ) { (true) 0.1, 0.9; (null) 0.5, 0.5; (No) 1, 0; }
"""
    path = tmp_path / "t.bif"
    path.write_text(text)
    interop.import_model(path, tmp_path / "t.yaml")
    loaded = load_model(tmp_path / "t.yaml").network
    assert loaded["true"].states == ("true", "null", "No")
    np.testing.assert_allclose(loaded["n"].cpt[2], [1.0, 0.0])


# --- round trips -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_project_models_round_trip_every_format(model: Path, fmt: str, tmp_path: Path) -> None:
    network = load_model(model).network
    path = tmp_path / f"{model.stem}.{fmt}"
    interop.export_model(model, path)
    target = tmp_path / "back.yaml"
    interop.import_model(path, target)
    back = load_model(target).network
    if fmt == "uai":  # no names in UAI: variables by position
        assert back.names == tuple(f"var_{i}" for i in range(len(network.names)))
        for i, name in enumerate(network.names):
            np.testing.assert_allclose(back[f"var_{i}"].cpt, network[name].cpt, atol=1e-12, rtol=0)
        return
    assert_same_network(network, back)
    # and once more, from the re-imported model: nothing drifts
    again = tmp_path / f"again.{fmt}"
    interop.export_model(target, again)
    assert_same_network(back, interop.read_network(again)[0], atol=1e-15)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.stem)
def test_export_reads_back_in_pgmpy_and_pyagrum(model: Path, fmt: str, tmp_path: Path) -> None:
    network = load_model(model).network
    path = tmp_path / f"{model.stem}.{fmt}"
    interop.export_model(model, path)
    # pgmpy
    if fmt == "uai":
        with pytest.raises(Exception):  # noqa: B017 - pgmpy's UAI reader misreads the format
            _pgmpy_read(fmt, path).check_model()
    else:
        back = interop.from_pgmpy(_pgmpy_read(fmt, path))
        for name, node in network.nodes.items():
            other = back[name]
            order = [other.parents.index(p) for p in node.parents] + [len(node.parents)]
            np.testing.assert_allclose(np.transpose(other.cpt, order), node.cpt, atol=1e-12, rtol=0)
    # pyAgrum
    bn = pyagrum_load(path, tmp_path)
    key = {n: str(i) for i, n in enumerate(network.names)} if fmt == "uai" else (
        {n: network[n].label for n in network.names} if fmt == "xdsl" else {n: n for n in network.names})
    atol = 1e-7 if fmt in ("bif", "net", "uai") else 1e-12
    for name, node in network.nodes.items():
        parents = [key[p] for p in node.parents]
        if fmt in ("xdsl", "uai") and len(parents) > 1:
            # pyAgrum 3.3 takes the first parent as the fastest: the same numbers, read that way
            got = pyagrum_table(bn, key[name], parents[::-1])
            expected = node.cpt.reshape([network[p].card for p in node.parents[::-1]] + [node.card])
        else:
            got = pyagrum_table(bn, key[name], parents)
            expected = node.cpt
        np.testing.assert_allclose(got, expected, atol=atol, rtol=0, err_msg=f"{fmt} {name}")


def test_noisy_max_and_ranked_nodes_become_tables(tmp_path: Path) -> None:
    model = FIXTURES / "tiny" / "models" / "wet.yaml"
    summary = interop.export_model(model, tmp_path / "wet.net")
    assert sorted(summary["tabulated"]) == ["wet", "worry"]
    network = load_model(model).network
    back, _ = interop.read_network(tmp_path / "wet.net")
    np.testing.assert_allclose(back["worry"].cpt, network["worry"].cpt, atol=1e-15)
    assert back["cloudy"].label == "Cloudy sky"


def test_gzip_and_xdsl_writes_parents_first(tmp_path: Path) -> None:
    network, _ = interop.read_network(example("asia"))
    interop.write_network(network, tmp_path / "asia.xdsl.gz")
    back, _ = interop.read_network(tmp_path / "asia.xdsl.gz")
    assert_same_network(network, back)
    text = interop.network_text(network, "xdsl")
    for name, node in network.nodes.items():
        for parent in node.parents:
            assert text.index(f'<cpt id="{parent}"') < text.index(f'<cpt id="{name}"')


# --- every bnlearn network pgmpy ships --------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_bnlearn_import_matches_pyagrum(name: str, tmp_path: Path) -> None:
    import pyagrum as gum

    network, _ = interop.read_network(example(name))
    try:
        bn = pyagrum_load(example(name), tmp_path)
    except gum.FatalError:  # child's state "Asy/Patch": pyAgrum cannot read it, pgmpy can
        assert name == "child"
        from reference import bnlearn

        assert_same_network(bnlearn(name), network, atol=0, labels=False)
        return
    assert len(network.nodes) == bn.size()
    for node in network.nodes.values():
        original = node.label  # the name in the file
        parents = [network[p].label for p in node.parents]
        variable = bn.variable(original)
        labels = [variable.label(i) for i in range(variable.domainSize())]
        assert tuple(interop.unique_identifiers(labels).values()) == node.states
        np.testing.assert_allclose(pyagrum_table(bn, original, parents), node.cpt, atol=2e-7, rtol=0,
                                   err_msg=f"{name}: {original}")


@pytest.mark.parametrize("name", SMALL)
def test_bnlearn_import_equals_pgmpy_exactly(name: str) -> None:
    from reference import bnlearn

    assert_same_network(bnlearn(name), interop.read_network(example(name))[0], atol=0,
                        labels=False)


# --- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("file", "content", "message"), [
    ("net.txt", "x", "names no network format"),
    ("empty.bif", "", "file is empty"),
    ("bad.bif", "network x { }\nvariable a { type discrete [ 2 ] { y, n }; }\n"
                "probability ( a ) { table 0.5, zero; }\n", "bad.bif:3: cannot read this BIF file"),
    ("count.bif", "variable a { type discrete [ 3 ] { y, n }; }\n", "declares 3 states but lists 2"),
    ("missing.bif", "variable a { type discrete [ 2 ] { y, n }; }\n", "has no probability table"),
    ("cycle.bif", "variable a { type discrete [ 2 ] { y, n }; }\nvariable b { type discrete [ 2 ] "
                  "{ y, n }; }\nprobability ( a | b ) { table 1, 0, 0, 1; }\n"
                  "probability ( b | a ) { table 1, 0, 0, 1; }\n", "cycle"),
    ("bad.xdsl", "<smile><nodes><cpt id='a'>", "not well-formed XML"),
    ("bad.xml", "<BIF><NETWORK>", "not well-formed XML"),
    ("markov.uai", "MARKOV\n1\n2\n1\n1 0\n2\n0.5 0.5\n", "forecast reads Bayesian networks"),
    ("short.uai", "BAYES\n1\n2\n1\n1 0\n2\n0.5\n", "ends in the middle of a table"),
    ("bad.net", "node a { states = (\"y\" \"n\"); }\npotential (a) { data = (0.5); }\n",
     "has 1 numbers; it needs 2"),
    ("noisy.xdsl", "<smile id='x'><nodes><noisymax id='a'><state id='y'/></noisymax></nodes></smile>",
     "<noisymax> node"),
])
def test_bad_files_are_user_errors_naming_the_file(tmp_path: Path, file: str, content: str,
                                                   message: str) -> None:
    path = tmp_path / file
    path.write_text(content)
    with pytest.raises(UserError) as info:
        interop.read_network(path)
    text = str(info.value)
    assert str(path) in text and message in text
    assert "\n" not in text
    result = CliRunner().invoke(cli(), ["import", str(path), "-o", str(tmp_path / "m.yaml")])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and message in result.output


def test_cli_import_and_export(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli(), ["import", str(example("asia")), "-o", str(tmp_path / "asia.yaml")])
    assert result.exit_code == 0, result.output
    assert "8 nodes" in result.output
    result = runner.invoke(cli(), ["export", str(tmp_path / "asia.yaml"), "-o", str(tmp_path / "a.net")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.net").read_text().startswith("net")
    for args, message in [
        (["export", str(tmp_path / "asia.yaml"), "-o", str(tmp_path / "a.doc")], "names no network format"),
        (["import", str(tmp_path / "nope.bif"), "-o", str(tmp_path / "x.yaml")], "file not found"),
        (["import", str(tmp_path / "asia.yaml"), "-o", str(tmp_path / "x.yaml")], "forecast export"),
        (["import", str(example("asia")), "-o", str(tmp_path / "x.json")], "must end in .yaml"),
    ]:
        result = runner.invoke(cli(), args)
        assert result.exit_code == 2, result.output
        assert message in result.output


def test_bif_quoted_names_with_spaces_and_old_style_heads(tmp_path: Path) -> None:
    text = """network x { }
variable "blood pressure" { type discrete [ 2 ] { "very high", low }; }
variable "age (years)" { type discrete [ 2 ] { "<40", ">=40" }; }
probability ( "age (years)" ) { table 0.4, 0.6; }
probability ( "blood pressure" "age (years)" ) {
  ("<40") 0.1, 0.9;
  (">=40") 0.3, 0.7;
}
"""
    path = tmp_path / "q.bif"
    path.write_text(text)
    network, _ = interop.read_network(path)
    assert network.names == ("age_years_", "blood_pressure")
    assert network["blood_pressure"].label == "blood pressure"
    assert network["blood_pressure"].states == ("very_high", "low")
    assert network["age_years_"].states == ("_40", "_40_2")
    np.testing.assert_allclose(network["blood_pressure"].cpt, [[0.1, 0.9], [0.3, 0.7]])
