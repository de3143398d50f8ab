"""The briefing pack as one self-contained HTML file: inline styles and SVG charts, nothing
loaded from anywhere (a Content-Security-Policy forbids it), readable on a screen and
printable (A4 landscape, the marking at the top and bottom of every printed page).

`render_html(brief) -> str` is deterministic: the same brief gives the same text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from .. import __version__
from .brief import Brief, Bullets, Callout, Chart, Column, Heading, Para, Section, Table, figure, spans

SvgDrawer = Callable[[Chart, str], str]


def render_html(brief: Brief, draw: SvgDrawer | None = None) -> str:
    """The brief as an HTML document; `draw(chart, yardstick)` gives a chart's SVG text
    (default: the project's charts)."""
    draw = draw or chart_svg
    counter = iter(range(1, 10_000))
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f'<meta name="generator" content="forecast {_e(__version__)}">',
        f'<meta name="description" content="{_e(brief.subtitle)}">',
        *([f'<meta name="author" content="{_e(brief.author)}">'] if brief.author else []),
        f"<title>{_e(brief.title)}</title>",
        f"<style>{_css(brief)}</style>",
        "</head>",
        "<body>",
    ]
    if brief.marking:
        out.append(f'<div class="marking marking-top" role="note">{_e(brief.marking)}</div>')
    out.append('<main>')
    out.append('<header class="cover" id="cover">')
    out.append(f'<p class="kicker">{_e(brief.subtitle)}</p>')
    out.append(f"<h1>{_e(brief.title)}</h1>")
    out.extend(_blocks(brief.cover, brief, draw, counter))
    out.append(_toc(brief.sections))
    out.append("</header>")
    for section in brief.sections:
        out.extend(_section(section, brief, draw, counter))
    out.append(f'<footer class="provenance"><p>{_e(brief.footer)}</p></footer>')
    out.append("</main>")
    if brief.marking:
        out.append(f'<div class="marking marking-bottom" role="note">{_e(brief.marking)}</div>')
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


# --- pieces -------------------------------------------------------------------------------------

def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def inline(text: str) -> str:
    """The brief's inline markup as HTML."""
    parts = []
    for span in spans(text):
        piece = _e(span.text)
        if span.link:  # a source's address: a link to follow, nothing loaded
            piece = (f'<a class="source-link" href="{_e(span.link)}" rel="noopener noreferrer">'
                     f"{piece}</a>")
        if span.code:
            piece = f"<code>{piece}</code>"
        if span.italic:
            piece = f"<em>{piece}</em>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        parts.append(piece)
    return "".join(parts)


def _toc(sections: Sequence[Section]) -> str:
    items = "".join(f'<li><a href="#{_e(s.id)}">{_e(s.title)}</a>'
                    + (f' <span class="muted">{_e(s.kicker)}</span>' if s.kicker else "") + "</li>"
                    for s in sections)
    return f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def _section(section: Section, brief: Brief, draw: SvgDrawer, counter) -> list[str]:
    classes = "section landscape" if section.landscape else "section"
    out = [f'<section class="{classes}" id="{_e(section.id)}">']
    if section.kicker:
        out.append(f'<p class="kicker">{_e(section.kicker)}</p>')
    out.append(f"<h2>{_e(section.title)}</h2>")
    out.extend(_blocks(section.blocks, brief, draw, counter))
    out.append("</section>")
    return out


def _blocks(blocks, brief: Brief, draw: SvgDrawer, counter) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(f'<p class="{block.style}">{inline(block.text)}</p>')
        elif isinstance(block, Heading):
            out.append(f"<h{block.level}>{inline(block.text)}</h{block.level}>")
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{inline(item)}</li>" for item in block.items)
            out.append(f'<ul class="{block.style}">{items}</ul>')
        elif isinstance(block, Callout):
            paras = "".join(f"<p>{inline(p)}</p>" for p in block.paragraphs)
            out.append(f'<div class="callout"><h2>{_e(block.title)}</h2>{paras}</div>')
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Chart):
            out.append(_chart(block, brief, draw, next(counter)))
    return out


def _table(table: Table) -> str:
    total = sum(c.width for c in table.columns) or 1.0
    cols = "".join(f'<col style="width:{100 * c.width / total:.1f}%">' for c in table.columns)
    head = "".join(f'<th scope="col" class="{_align(c)}">{_e(c.title)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        cells = []
        for column, cell in zip(table.columns, row, strict=True):
            sub = f'<div class="sub">{inline(cell.sub)}</div>' if cell.sub else ""
            cells.append(f'<td class="{_align(column)}">{inline(cell.text)}{sub}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<caption>{inline(table.caption)}</caption>" if table.caption else ""
    return (f'<div class="table-wrap"><table class="{_e(table.kind)}">{caption}<colgroup>{cols}</colgroup>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _align(column: Column) -> str:
    return {"right": "num", "center": "mid"}.get(column.align, "txt")


def _chart(chart: Chart, brief: Brief, draw: SvgDrawer, number: int) -> str:
    svg = prepare_svg(draw(chart, brief.yardstick), f"c{number}-", chart.caption)
    return (f'<figure class="chart chart-{_e(chart.kind)} media-{_e(chart.media)}">'
            f'<div class="chart-scroll">{svg}</div>'
            f"<figcaption>{inline(chart.caption)}</figcaption></figure>")


def chart_svg(chart: Chart, yardstick: str) -> str:
    """The chart as SVG text, drawn by the project's charts."""
    from .charts import figure_bytes

    return figure_bytes(figure(chart, yardstick), "svg").decode("utf-8")


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)
_DROP = re.compile(r"<metadata>.*?</metadata>|<style[^>]*>.*?</style>|<!--.*?-->", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')
_SIZE = re.compile(r'\s(width|height)="([\d.]+)(pt|px)?"')


def prepare_svg(svg: str, prefix: str, label: str) -> str:
    """A standalone SVG made fit to inline: no prologue, metadata or global style; ids made
    unique with `prefix`; sized by CSS (its natural width kept as a maximum)."""
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _DROP.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
    head_end = svg.index(">")
    head, body = svg[:head_end], svg[head_end:]
    sizes = {m.group(1): (float(m.group(2)), m.group(3) or "px") for m in _SIZE.finditer(head)}
    head = _SIZE.sub("", head)
    width = sizes.get("width")
    max_width = ""
    if width:
        px = width[0] * (4 / 3 if width[1] == "pt" else 1)
        max_width = f' style="max-width:{px:.0f}px"'
    title = re.sub(r"\s+", " ", "".join(s.text for s in spans(label))).strip()
    head += f' role="img" aria-label="{_e(title)}" class="chart-svg"{max_width}'
    return head + body


# --- styles -------------------------------------------------------------------------------------

def _css_string(text: str) -> str:
    """`text` as a CSS string literal: anything beyond plain characters escaped."""
    safe = []
    for ch in text:
        if ch.isalnum() or ch in " /-_.,:()!?":
            safe.append(ch)
        else:
            safe.append(f"\\{ord(ch):06x}")
    return '"' + "".join(safe) + '"'


def _css(brief: Brief) -> str:
    marking = _css_string(brief.marking) if brief.marking else '""'
    return """
:root { --ink:#1a1a1a; --muted:#595959; --rule:#c8c8c8; --faint:#f3f3f3; --accent:#0072B2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font-family: "DejaVu Sans", "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif;
  font-size: 15px; line-height: 1.5; }
main { max-width: 1180px; margin: 0 auto; padding: 1.2rem 1.6rem 2rem; }
.marking { position: sticky; z-index: 10; text-align: center; font-weight: bold;
  letter-spacing: .06em; padding: .3rem .5rem; background: #fff; border: 0 solid var(--ink); }
.marking-top { top: 0; border-bottom-width: 2px; }
.marking-bottom { position: static; border-top-width: 2px; }
.section, .cover { scroll-margin-top: 2.4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .2rem 0 1rem; }
h2 { font-size: 1.45rem; line-height: 1.25; margin: 0 0 .8rem; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--rule);
  padding-bottom: .2rem; }
p, ul { max-width: 52em; }
p { margin: .4rem 0 .7rem; }
ul { padding-left: 1.3rem; margin: .4rem 0 .9rem; }
li { margin: .25rem 0; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .78rem; color: var(--muted);
  margin: 0 0 .2rem; }
.lead { font-size: 1.08rem; }
.note, ul.note { font-size: .85rem; color: var(--muted); }
.muted { color: var(--muted); font-size: .85em; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .86em;
  background: var(--faint); padding: 0 .2em; border-radius: 2px; }
.callout { border-left: 5px solid var(--accent); background: #eef5fa; padding: .8rem 1.1rem;
  margin: 1rem 0 1.4rem; max-width: 60em; }
.callout h2 { font-size: 1.15rem; margin: 0 0 .3rem; text-transform: uppercase;
  letter-spacing: .05em; }
.callout p { font-size: 1.05rem; }
.section { border-top: 3px solid var(--ink); margin-top: 2.4rem; padding-top: 1rem; }
.toc ol { margin: .3rem 0 0; padding-left: 1.4rem; columns: 2; column-gap: 2rem; }
.toc h2 { font-size: 1rem; text-transform: uppercase; letter-spacing: .06em; margin-top: 1.2rem; }
.toc a { color: var(--ink); }
.table-wrap { overflow-x: auto; margin: .6rem 0 1.2rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .84rem;
  line-height: 1.35; }
table.key { width: auto; min-width: 22rem; max-width: 34rem; }
caption { caption-side: top; text-align: left; font-size: .85rem; color: var(--muted);
  padding: 0 0 .35rem; }
th { text-align: left; vertical-align: bottom; border-bottom: 2px solid var(--ink);
  padding: .3rem .45rem; font-size: .8rem; }
td { vertical-align: top; border-bottom: 1px solid var(--rule); padding: .4rem .45rem;
  overflow-wrap: anywhere; hyphens: auto; }
tbody tr:nth-child(even) td { background: #fafafa; }
.num { text-align: right; }
.mid { text-align: center; }
th.num { text-align: right; }
.sub { color: var(--muted); font-size: .86em; margin-top: .15rem; }
figure.chart { margin: 1rem 0 1.6rem; }
svg.chart-svg { display: block; width: 100%; height: auto; margin: 0 auto; }
svg.chart-svg * { stroke-linejoin: round; stroke-linecap: butt; }
.chart-scroll { overflow-x: auto; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; max-width: 60em; }
.provenance { margin-top: 2.5rem; border-top: 1px solid var(--rule); font-size: .78rem;
  color: var(--muted); }
@page { size: A4 landscape; margin: 15mm 12mm 15mm 12mm;
  @top-center { content: MARKING; font: bold 9pt sans-serif; letter-spacing: .06em; }
  @bottom-center { content: MARKING; font: bold 9pt sans-serif; letter-spacing: .06em; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #595959; }
}
@media print {
  body { font-size: 9.5pt; line-height: 1.4; }
  main { max-width: none; padding: 0; }
  .marking { position: static; border: 0; font-size: 9pt; padding: 0 0 2mm; }
  .marking-bottom { padding: 2mm 0 0; }
  .section { border-top: 0; margin-top: 0; padding-top: 0; break-before: page; }
  h2, h3 { break-after: avoid; }
  h3 { margin-top: 5mm; }
  table { font-size: 8pt; }
  .table-wrap { overflow: visible; }
  tr, .callout, figure.chart { break-inside: avoid; }
  thead { display: table-header-group; }
  svg.chart-svg { width: auto; max-width: 100%; max-height: 160mm; }
  .chart-scroll { overflow: visible; }
  .media-screen { display: none; }
  .chart-network svg.chart-svg { min-width: 0; }
  figure.chart { break-before: auto; }
  .toc a { text-decoration: none; }
  tbody tr:nth-child(even) td { background: none; }
}
@media (max-width: 700px) {
  main { padding: .8rem; }
  h1 { font-size: 1.5rem; }
  .toc ol { columns: 1; }
  table { font-size: .78rem; }
}
""".replace("MARKING", marking).strip()
