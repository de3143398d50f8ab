"""The briefing pack's content: a pure function from analysis results to a structured document.

`assemble(BriefInput) -> Brief`. The input holds the typed results of the use cases (one
run, answer, sensitivity and explain result per snapshot, the comparisons between
consecutive snapshots, the value of information of the latest one), the latest network's
posteriors, the model's nodes, the source documents and the model card's text. Numbers are
unrounded: the brief prints them rounded to what is printed, and decides ties and
thresholds on them as JSON writes them (`stable`), so that it says what `forecast run`
would on every machine. The output is a tree of plain blocks (paragraphs, bullets, tables,
charts) that `brief_html` and `brief_pdf` lay out; neither decides what to say, and this
package draws nothing and reads no file.

Text in blocks uses a small inline markup, the model card's own: `**bold**`, `*italic*`,
backquoted code, and a backslash escaping any of ``* ` \\``. `lit()` escapes data (quotes,
titles) so that it is shown as written; `spans()` parses the markup for the renderers.

Every probability a reader sees carries its estimative words on one yardstick (`said`,
`judged`); changes are in percentage points, which are not probabilities.

The parts, one job each: `document` (the blocks), `inputs` (what goes in), `context` (what
every part needs), `markup` and `wording` (shared text helpers), `model_card`, one module per
part of the pack (`cover`, `snapshot` with `drivers` and `evidence`, `changes`, `indicators`,
`assumptions`, `sources`, `network`), `assembly` (the whole) and `drawing` (charts, and the
JSON-shaped data they read).
"""

from .assembly import assemble
from .document import Brief, Bullets, Callout, Chart, Column, Heading, Para, Section, Table
from .drawing import figure
from .inputs import BriefInput, NetworkInput, SnapshotInput
from .markup import lit, plain, spans
from .model_card import parse_model_card

__all__ = [
    "Brief",
    "BriefInput",
    "Bullets",
    "Callout",
    "Chart",
    "Column",
    "Heading",
    "NetworkInput",
    "Para",
    "Section",
    "SnapshotInput",
    "Table",
    "assemble",
    "figure",
    "lit",
    "parse_model_card",
    "plain",
    "spans",
]
