"""The brief shows each snapshot's outside views beside the model's forecast."""

from __future__ import annotations

from conftest import ROOT

from forecast.briefing import gather
from forecast.report.brief import Heading, Para, Table, assemble, plain


def test_snapshot_pages_carry_the_outside_views() -> None:
    brief = assemble(gather([ROOT / "scenarios" / "oct2022.yaml"], samples=None, seed=0,
                            marking=None))
    (snapshot,) = [s for s in brief.sections if s.id == "snapshot-oct2022"]
    blocks = list(snapshot.blocks)
    start = next(i for i, b in enumerate(blocks)
                 if isinstance(b, Heading) and b.text == "Outside view: what others expected")
    table = blocks[start + 1]
    assert isinstance(table, Table)
    rows = [[plain(c.text) for c in row] for row in table.rows]
    assert rows[0][0] == "This model"
    # 33.75 / 33.75 / 32.5 printed as whole percents that add up to 100 (largest remainder)
    assert rows[1] == ["Artyom Shraibman, Belarusian political analyst", "34%", "34%", "32%"]
    # 1.5 / 1.5 / 97: the point left over goes to the earlier of the tied remainders
    assert rows[2] == ["Andrei Sannikov, former Belarusian deputy foreign minister", "2%", "1%",
                       "97%"]
    assert plain(table.rows[2][3].sub) == "almost certain"
    notes = [plain(b.text) for b in blocks[start + 2:start + 4] if isinstance(b, Para)]
    assert notes[1].startswith("Andrei Sannikov, former Belarusian deputy foreign minister: "
                               "\"his boots will inevitably")
