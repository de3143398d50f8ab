"""The brief shows each snapshot's base rates and views on their events beside the model,
and the bottom line gives the gap between the inside and the outside view in points."""

from __future__ import annotations

from conftest import ROOT

from forecast.analysis.outside_view import carried
from forecast.report.brief import Callout, Heading, Para, Table, assemble, plain
from forecast.usecases.brief import gather


def snapshot_blocks(brief, scenario: str) -> list:
    (snapshot,) = [s for s in brief.sections if s.id == f"snapshot-{scenario}"]
    return list(snapshot.blocks)


def test_snapshot_pages_carry_the_base_rates_and_views() -> None:
    data = gather([ROOT / "scenarios" / "oct2022.yaml"], samples=None, seed=0, marking=None)
    blocks = snapshot_blocks(assemble(data), "oct2022")
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading)
                 and b.text == "Outside view: base rates and what others expected")
    table = blocks[start + 1]
    assert isinstance(table, Table)
    rows = [[plain(c.text) for c in row] for row in table.rows]
    model = data.snapshots[0].run.posteriors["belarus_posture"]
    enters = model["belarus_enters_war"]
    csto = carried(0.5 / 16, 201, 365)
    assert rows[0][:3] == ["Base rate csto_allies_in_russias_wars", "belarus enters war",
                           f"{round(100 * csto)}%"]
    assert rows[0][3] == f"{round(100 * enters)}%"
    assert rows[0][4] == f"+{100 * (enters - csto):.1f} pts"
    assert rows[2][:3] == ["Artyom Shraibman, Belarusian political analyst",
                           "defensive only or russian offensive from belarus", "68%"]
    assert "undated: not scored" in table.rows[2][0].sub
    assert rows[3][1:3] == ["belarus enters war", "97%"]
    notes = [plain(b.text) for b in blocks[start + 2:] if isinstance(b, Para)]
    assert any(n.startswith("csto_allies_in_russias_wars: a CSTO ally") for n in notes)


def test_the_bottom_line_gives_the_gap_to_the_outside_view_in_points() -> None:
    data = gather([ROOT / "scenarios" / "jan2023.yaml"], samples=None, seed=0, marking=None)
    brief = assemble(data)
    (callout,) = [b for b in brief.cover if isinstance(b, Callout)]
    text = " ".join(plain(p) for p in callout.paragraphs)
    run = data.snapshots[0].run
    enters = run.posteriors["belarus_posture"]["belarus_enters_war"]
    csto = carried(0.5 / 16, 115, 365)
    gap = f"{100 * (enters - csto):.1f} pts above"
    assert (f"csto_allies_in_russias_wars (0 of 15 cases) puts belarus enters war by 30 April "
            f"2023 at {round(100 * csto)}%" in text and gap in text), text[:3000]
