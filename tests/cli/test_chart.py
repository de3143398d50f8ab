"""`forecast chart`: every kind from real scenarios, the format from the extension, bad input."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import typer
from conftest import FIXTURES, ROOT
from svg_text import has_phrase
from typer.testing import CliRunner

from forecast.cli import chart

TINY = str(FIXTURES / "tiny" / "scenarios" / "morning.yaml")
OCT = ROOT / "scenarios" / "oct2022.yaml"
JAN = ROOT / "scenarios" / "jan2023.yaml"
belarus = pytest.mark.skipif(not (OCT.exists() and JAN.exists()),
                             reason="the Belarus scenarios are not in this checkout")
runner = CliRunner()


def make_app() -> typer.Typer:
    """A local app with only `chart`, the way cli/main.py registers commands."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def main() -> None:
        """forecast (test harness)"""

    chart.register(app)
    return app


APP = make_app()


def invoke(*args: str, code: int = 0):
    result = runner.invoke(APP, ["chart", *args])
    assert result.exit_code == code, result.output
    return result


def test_posterior_png_from_the_tiny_fixture(tmp_path) -> None:
    from PIL import Image

    out = tmp_path / "charts" / "morning.png"  # the folder is created
    result = invoke(TINY, "--kind", "posterior", "--out", str(out),
                    "--marking", "UNCLASSIFIED // FOR TRAINING")
    assert result.output.strip() == f"wrote {out}"
    image = Image.open(out)
    assert image.width >= 1600
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp files left


@pytest.mark.parametrize("kind", ["posterior", "tornado", "impact", "network", "timeline", "ach"])
def test_every_kind_from_the_tiny_fixture_as_svg(kind: str, tmp_path) -> None:
    out = tmp_path / f"{kind}.svg"
    invoke(TINY, "--kind", kind, "--out", str(out))
    ET.fromstring(out.read_bytes())
    assert "Why is the grass wet?" in out.read_text()


def test_the_same_command_twice_gives_the_same_bytes(tmp_path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for out in (first, second):
        invoke(TINY, "--kind", "tornado", "--out", str(out), "--marking", "TRAINING")
    assert first.read_bytes() == second.read_bytes()


def test_samples_give_whiskers_and_the_pdf_has_one_page(tmp_path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "morning.pdf"
    invoke(TINY, "--samples", "200", "--seed", "3", "--out", str(out), "--yardstick", "phia")
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "interval" in text and "200 samples" in text
    assert "PHIA" in text


def test_target_picks_the_node_and_state(tmp_path) -> None:
    out = tmp_path / "impact.svg"
    invoke(TINY, "--kind", "impact", "--target", "rain=dry", "--out", str(out))
    assert "P(rain = dry)" in out.read_text()
    out = tmp_path / "posterior.svg"
    invoke(TINY, "--target", "sprinkler", "--out", str(out))
    text = out.read_text()
    assert "sprinkler" in text and "<!-- rain -->" not in text


@belarus
def test_belarus_timeline_and_network(tmp_path) -> None:
    out = tmp_path / "timeline.svg"
    invoke(str(JAN), str(OCT), "--kind", "timeline", "--out", str(out))
    text = out.read_text()
    assert text.index("2022-10-11") < text.index("2023-01-05")  # sorted by as_of
    out = tmp_path / "network.svg"
    invoke(str(OCT), "--kind", "network", "--out", str(out))
    text = out.read_text()
    assert "Belarus's military posture at the horizon" in text
    assert "evidence: announced [B1]" in text


@belarus
def test_belarus_horizon_chart(tmp_path) -> None:
    out = tmp_path / "horizon.svg"
    invoke(str(JAN), "--kind", "horizon", "--out", str(out))
    text = out.read_text()
    assert "2023-04-30" in text
    assert has_phrase(text, "115 days later")
    assert has_phrase(text, "model's numbers are for a window of 201 days")
    out = tmp_path / "timeline.svg"
    invoke(str(OCT), str(JAN), "--kind", "timeline", "--out", str(out))
    assert has_phrase(out.read_text(), "the days it had left to its horizon (201 days, 115 days)")


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "horizon", "--out", "x.png"], "add window_days to the outcome node"),
    (["--kind", "horizon", "--samples", "20", "--out", "x.png"], "--samples applies to"),
    (["--out", "chart.jpg"], "use .png, .svg or .pdf"),
    (["--out", "chart"], "use .png, .svg or .pdf"),
    ([TINY, "--out", "x.png"], "use --kind timeline"),
    (["--kind", "tornado", "--samples", "50", "--out", "x.png"], "--samples applies to"),
    (["--target", "rain=", "--out", "x.png"], "write NODE or NODE=STATE"),
    (["--target", "nowhere", "--out", "x.png"], "not a target"),
    (["--kind", "network", "--target", "nowhere", "--out", "x.png"], "unknown node"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, tmp_path,
                                          monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(TINY, *args, code=2)
    assert message in result.output
    assert result.output.count("error:") == 1
    assert not list(tmp_path.iterdir())


def test_missing_scenario_is_a_user_error(tmp_path) -> None:
    result = invoke(str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "x.png"), code=2)
    assert "error:" in result.output
