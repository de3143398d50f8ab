"""The briefing pack as PDF, laid out by reportlab (A4 landscape: the charts are wide).

Every page carries the marking at its top and bottom, a running title and "page n of N".
Charts come from `forecast.report.charts`, rasterised at CHART_DPI and never enlarged;
tables wrap their cells, keep their caption with them and repeat their header row across
pages. Fonts are DejaVu Sans, shipped with matplotlib, embedded as subsets, so every
character shows and the text can be searched and copied. Output is deterministic: fixed
creation dates and document id (reportlab's invariant mode), no varying metadata.

reportlab and matplotlib are imported with this module, which only `forecast brief`
loads.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from matplotlib import get_data_path
from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus import Frame as RLFrame
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..errors import UserError
from .brief import Brief, Bullets, Callout, Chart, Heading, Para, Section, Table, figure, spans

ImageDrawer = Callable[[Chart, str], Any]   # a chart as an RGB PIL image at CHART_DPI

MM = 72.0 / 25.4
INK = HexColor("#1a1a1a")
MUTED = HexColor("#595959")
RULE = HexColor("#c8c8c8")
ACCENT = HexColor("#0072B2")
CALLOUT = HexColor("#eef5fa")
ZEBRA = HexColor("#f7f7f7")
PAGE = landscape(A4)
MARGIN = {"left": 14 * MM, "right": 14 * MM, "top": 21 * MM, "bottom": 19 * MM}
CELL_HEIGHT = 0.6    # of the page: the most a table cell's or a callout's text may fill
PROSE_WIDTH = 0.6    # a character of the tool's own prose, as a share of the font's height
TITLE_CHARS = 300    # titles and headings are cut to this many characters in print
PROSE = 200 * MM     # prose lines stay this short, for reading; tables and charts use the width
CHART_PIXELS = 16_000_000  # the most pixels one chart image may have (64 MB as RGBA)
CHART_DPI = 200      # charts are drawn at their natural size at this resolution, never enlarged
MIN_SHRINK = 1.0     # a chart is never shrunk to fit what is left of a page (its text stays >= 7 pt)

FONT = "FcDejaVuSans"
MONO = "FcDejaVuSansMono"


def render_pdf(brief: Brief, draw: ImageDrawer | None = None) -> bytes:
    """The brief as PDF bytes; `draw(chart, yardstick)` gives a chart as an RGB PIL image at
    CHART_DPI (default: the project's charts)."""
    _fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN["left"], rightMargin=MARGIN["right"],
        topMargin=MARGIN["top"], bottomMargin=MARGIN["bottom"], invariant=1,
        title=brief.title, author=brief.author or f"forecast {__version__}",
        subject=brief.subtitle,
        creator=f"forecast {__version__}", keywords=list(brief.keywords),
        producer=f"forecast {__version__} (ReportLab)", lang="en")
    frame = RLFrame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    pages = _Pages(brief)
    doc.addPageTemplates([PageTemplate(id="cover", frames=[frame], onPage=pages.cover),
                          PageTemplate(id="page", frames=[frame], onPage=pages.page)])
    layout = _Layout(brief, draw or chart_image, doc.width, doc.height)
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams, a quarter smaller than ASCII85; restored below
    try:
        for scale in (1.0, 0.2):  # a cell too tall for a page even so: cut its text harder
            layout.scale = scale
            try:
                doc.build(layout.story(), canvasmaker=_numbered_canvas(pages))
                break
            except LayoutError as exc:
                if scale < 1.0:
                    why = _clip(str(exc), 160)
                    raise UserError(f"the brief cannot be laid out on PDF pages ({why}); write "
                                    "it as HTML (--out brief.html)") from None
                buffer.seek(0)
                buffer.truncate()
    finally:
        rl_config.useA85 = a85
    return buffer.getvalue()


def chart_image(chart: Chart, yardstick: str) -> PILImage.Image:
    """The chart drawn by the project's charts, as an RGB image at CHART_DPI."""
    from .chart_style import style_context

    fig = figure(chart, yardstick)
    with style_context():
        inches = float(fig.get_figwidth() * fig.get_figheight())
        # a chart of hundreds of rows is shrunk onto the page anyway: drawn at a resolution
        # that keeps its image within CHART_PIXELS, it looks the same there and fits memory
        fig.set_dpi(min(CHART_DPI, (CHART_PIXELS / max(inches, 1e-9)) ** 0.5))
        fig.canvas.draw()
        width, height = fig.canvas.get_width_height(physical=True)
        rgba = PILImage.frombuffer("RGBA", (width, height), bytes(fig.canvas.buffer_rgba()),
                                   "raw", "RGBA", 0, 1)
    image = PILImage.new("RGB", rgba.size, "white")
    image.paste(rgba, mask=rgba.getchannel("A"))
    return image


# --- fonts and styles ---------------------------------------------------------------------------

def _fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = os.path.join(get_data_path(), "fonts", "ttf")
    faces = {FONT: "DejaVuSans.ttf", f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
             f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
             f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
             MONO: "DejaVuSansMono.ttf", f"{MONO}-Bold": "DejaVuSansMono-Bold.ttf"}
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, f"{FONT}-Bold")
    addMapping(FONT, 0, 1, f"{FONT}-Oblique")
    addMapping(FONT, 1, 1, f"{FONT}-BoldOblique")
    addMapping(MONO, 0, 0, MONO)
    addMapping(MONO, 1, 0, f"{MONO}-Bold")
    addMapping(MONO, 0, 1, MONO)
    addMapping(MONO, 1, 1, f"{MONO}-Bold")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13.2, textColor=INK,
                          splitLongWords=1)
    s = {
        "body": ParagraphStyle("body", base, spaceAfter=5),
        "lead": ParagraphStyle("lead", base, fontSize=10.5, leading=14.5, spaceAfter=6),
        "note": ParagraphStyle("note", base, fontSize=8, leading=10.8, textColor=MUTED, spaceAfter=5),
        "quote": ParagraphStyle("quote", base, leftIndent=10, textColor=MUTED),
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2, spaceAfter=3),
        "bullet-note": ParagraphStyle("bullet-note", base, fontSize=8, leading=10.8, textColor=MUTED,
                                      leftIndent=12, bulletIndent=2, spaceAfter=2),
        "title": ParagraphStyle("title", base, fontName=f"{FONT}-Bold", fontSize=22, leading=27,
                                spaceAfter=4),
        "kicker": ParagraphStyle("kicker", base, fontSize=7.5, leading=10, textColor=MUTED,
                                 spaceAfter=2),
        "h2": ParagraphStyle("h2", base, fontName=f"{FONT}-Bold", fontSize=17, leading=21,
                             spaceAfter=6),
        "h3": ParagraphStyle("h3", base, fontName=f"{FONT}-Bold", fontSize=11.5, leading=15,
                             spaceBefore=9, spaceAfter=4),
        "callout-title": ParagraphStyle("callout-title", base, fontName=f"{FONT}-Bold", fontSize=10,
                                        leading=13, spaceAfter=3),
        "callout": ParagraphStyle("callout", base, fontSize=10, leading=13.8, spaceAfter=4),
        "caption": ParagraphStyle("caption", base, fontSize=8, leading=10.5, textColor=MUTED,
                                  spaceBefore=2, spaceAfter=3),
        "th": ParagraphStyle("th", base, fontName=f"{FONT}-Bold", fontSize=8, leading=10),
        "td": ParagraphStyle("td", base, fontSize=8, leading=10.4),
        "sub": ParagraphStyle("sub", base, fontSize=7, leading=9, textColor=MUTED, spaceBefore=1.5),
    }
    for name in ("th", "td", "sub"):
        s[f"{name}-right"] = ParagraphStyle(f"{name}-right", s[name], alignment=TA_RIGHT)
        s[f"{name}-center"] = ParagraphStyle(f"{name}-center", s[name], alignment=TA_CENTER)
    return s


def markup(text: str, mono_size: float | None = None, limit: int | None = None) -> str:
    """The brief's inline markup as reportlab paragraph markup; with `limit`, the text is cut
    after that many characters (marked with an ellipsis), its markup kept well formed."""
    parts = []
    left = limit if limit is not None else len(text) + 1
    for span in spans(text):
        if left <= 0:
            break
        shown = span.text if len(span.text) <= left else span.text[: max(left - 1, 0)] + "\u2026"
        left -= len(span.text)
        piece = escape(shown)
        if span.link:
            piece = f'<a href="{escape(span.link)}" color="#0072B2"><u>{piece}</u></a>'
        if span.code:
            size = f' size="{mono_size:g}"' if mono_size else ""
            piece = f'<font face="{MONO}"{size}>{piece}</font>'
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)


# --- the story ----------------------------------------------------------------------------------

class _Layout:
    """Turns the brief's blocks into reportlab flowables."""

    def __init__(self, brief: Brief, draw: ImageDrawer, width: float, height: float):
        self.brief, self.draw = brief, draw
        self.width, self.height = width, height
        self.s = _styles()
        self.scale = 1.0  # of the room a cell's text may take; smaller on a second attempt
        self.images: dict[int, PILImage.Image] = {}

    def story(self) -> list[Flowable]:
        brief, s = self.brief, self.s
        cover: list[Flowable] = [Paragraph(escape(_clip(brief.subtitle.upper(), TITLE_CHARS)),
                                           s["kicker"]),
                                 Paragraph(escape(_clip(brief.title, TITLE_CHARS)), s["title"]),
                                 *self.blocks(brief.cover)]
        # the cover is one page: a longer case is shrunk onto it, never spilled, and the
        # sections start on the next page
        story: list[Flowable] = [NextPageTemplate("page"),
                                 KeepInFrame(self.width, self.height, cover, mode="shrink")]
        if brief.sections:
            story.append(PageBreak())
        for section in brief.sections:
            # a new section starts a page unless a quarter of the page is still free, so no
            # page is left nearly empty
            story.append(CondPageBreak(self.height / 4))
            story.extend(self.section(section))
        return story

    def section(self, section: Section) -> list[Flowable]:
        out: list[Flowable] = []
        if section.kicker:  # never alone at a page's foot: kept with the title
            kicker = Paragraph(escape(_clip(section.kicker.upper(), TITLE_CHARS)), self.s["kicker"])
            kicker.keepWithNext = True
            out.append(kicker)
        title = Paragraph(f'<a name="{escape(section.id)}"/>'
                          f'{escape(_clip(section.title, TITLE_CHARS))}', self.s["h2"])
        # kept with what follows, except a table, which may split: the section's page break
        # already left room for the title and the table's first rows
        title.keepWithNext = not (section.blocks and isinstance(section.blocks[0], Table))
        out.append(title)
        out.extend(self.blocks(section.blocks))
        return out

    def prose(self, name: str) -> ParagraphStyle:
        """The style with a right indent that keeps prose lines short on a wide page."""
        style = self.s[name]
        return ParagraphStyle(f"{name}-prose", style, rightIndent=max(0.0, self.width - PROSE))

    def para(self, text: str, style: ParagraphStyle, limit: int | None = None,
             **kwargs: Any) -> Paragraph:
        return Paragraph(markup(text, round(style.fontSize * 0.92, 2), limit), style, **kwargs)

    def fits(self, width: float, style: ParagraphStyle, share: float = 1.0,
             widest: float = 1.0) -> int:
        """How many characters surely fit a box `width` wide and `share` of CELL_HEIGHT of the
        page tall (each character taken as `widest` times as wide as the font is high: 1, the
        widest there is, for cells of any text; prose the tool writes runs near 0.6): text in
        a table cell or a callout cannot break across pages, so it is cut to this."""
        lines = max(1, int(CELL_HEIGHT * self.height * share * self.scale / style.leading))
        return lines * max(1, int(width / (widest * style.fontSize)))

    def blocks(self, blocks: Sequence[Any]) -> list[Flowable]:
        out: list[Flowable] = []
        for i, block in enumerate(blocks):
            follows = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, Para):
                name = block.style if block.style in self.s else "body"
                # small print may run the page's width; reading text keeps short lines
                para = self.para(block.text, self.s[name] if name == "note" else self.prose(name))
                # an introduction stays with its list, chart or table
                para.keepWithNext = isinstance(follows, Bullets | Chart) and name != "note"
                out.append(para)
            elif isinstance(block, Heading):
                # never last on a page; kept with a short block that follows, while a table or a
                # chart that follows may start on this page (they keep their own first lines)
                heading = self.para(block.text, self.s["h3"], TITLE_CHARS)
                room = 35 * MM
                if isinstance(follows, Table):  # room for the heading and the table's first rows
                    _, tall = heading.wrap(self.width, self.height)
                    room = max(room, tall + self.s["h3"].spaceBefore + self.table_start(follows))
                out.append(CondPageBreak(room))
                # never alone at a page's foot: kept with a chart or a short block; a table that
                # follows may start here (it keeps its caption and header with its first rows)
                heading.keepWithNext = not isinstance(follows, Table)
                out.append(heading)
            elif isinstance(block, Bullets):
                style = self.prose("bullet-note" if block.style == "note" else "bullet")
                out.extend(self.para(item, style, bulletText="\u2022") for item in block.items)
            elif isinstance(block, Callout):
                out.append(self.callout(block))
            elif isinstance(block, Table):
                out.append(self.table(block))
            elif isinstance(block, Chart) and block.media == "screen":
                continue  # cannot be legible in print; the brief gives it another form there
            elif isinstance(block, Chart):
                caption = self.para(block.caption, self.prose("caption"))
                if id(block) not in self.images:  # drawn once, though laid out again
                    self.images[id(block)] = self.draw(block, self.brief.yardstick)
                out.append(_Figure(self.images[id(block)], caption, self.height))
        return out

    def callout(self, block: Callout) -> Flowable:
        inner: list[Flowable] = [Paragraph(escape(_clip(block.title.upper(), TITLE_CHARS)),
                                           self.s["callout-title"])]
        # each paragraph's room on the page in proportion to its length (an equal share cut the
        # long ones short while the short ones left theirs unused)
        total = sum(len(p) for p in block.paragraphs) or 1
        inner += [self.para(p, self.s["callout"],
                            self.fits(self.width - 20, self.s["callout"], len(p) / total,
                                      widest=PROSE_WIDTH))
                  for p in block.paragraphs]
        box = RLTable([[inner]], colWidths=[self.width], hAlign="LEFT")
        box.setStyle([
            ("BACKGROUND", (0, 0), (-1, -1), CALLOUT),
            ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ])
        box.spaceBefore, box.spaceAfter = 4, 8
        return box

    def table_start(self, block: Table) -> float:
        """The height of a table's caption, header and first row: the least of it a page
        must hold, since a table splits only after its first row."""
        first = Table(block.columns, block.rows[:1], caption=block.caption, kind=block.kind)
        _, tall = self.table(first).wrap(self.width, self.height)
        return tall + 3

    def table(self, block: Table) -> Flowable:
        """A table whose caption is its first row (spanning), so the two never part, and whose
        header row repeats on every page it runs onto."""
        s = self.s
        total = sum(c.width for c in block.columns) or 1.0
        full = min(self.width, 150 * MM) if block.kind == "key" else self.width
        widths = [full * c.width / total for c in block.columns]

        def style(name: str, align: str) -> ParagraphStyle:
            return s[f"{name}-{align}"] if align in ("right", "center") else s[name]

        caption = self.para(block.caption, s["caption"], self.fits(full, s["caption"], 0.25))
        header = [self.para(c.title, style("th", c.align), self.fits(w - 8, s["th"], 0.25))
                  for c, w in zip(block.columns, widths, strict=True)]
        rows: list[list[Any]] = [[caption] + [""] * (len(block.columns) - 1), header]
        for row in block.rows:
            cells = []
            for column, cell, width in zip(block.columns, row, widths, strict=True):
                content = [self.para(cell.text, style("td", column.align),
                                     self.fits(width - 8, s["td"], 0.5))]
                if cell.sub:
                    content.append(self.para(cell.sub, style("sub", column.align),
                                             self.fits(width - 8, s["sub"], 0.25)))
                cells.append(content)
            rows.append(cells)
        table = RLTable(rows, colWidths=widths, repeatRows=(1,), hAlign="LEFT", splitByRow=1)
        commands: list[tuple] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
            ("LINEBELOW", (0, 1), (-1, 1), 1.1, INK),
            ("LINEBELOW", (0, 2), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (0, 0), 0), ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
        ]
        commands += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(3, len(rows), 2)]
        table.setStyle(commands)
        table.spaceBefore, table.spaceAfter = 3, 9
        return table


class _Figure(Flowable):
    """A chart and its caption, kept together. The chart is shown at its natural size or
    smaller: shrunk to the width, and into what is left of the page as long as it keeps
    MIN_SHRINK of the size it would have on an empty page; otherwise it moves on."""

    def __init__(self, image: PILImage.Image, caption: Paragraph, page_height: float):
        super().__init__()
        self.reader = ImageReader(image)
        px_w, px_h = image.size
        self.natural = (px_w / CHART_DPI * 72.0, px_h / CHART_DPI * 72.0)
        self.caption = caption
        self.page_height = page_height
        self.scale = 1.0
        self.caption_h = 0.0
        self.gap = 4.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        nw, nh = self.natural
        _, self.caption_h = self.caption.wrap(avail_width, avail_height)
        below = self.caption_h + self.gap + 8
        best = min(1.0, avail_width / nw, (self.page_height - below) / nh)
        here = min(1.0, avail_width / nw, (avail_height - below) / nh)
        self.scale = here if here >= MIN_SHRINK * best else best
        self.width = avail_width
        self.height = nh * self.scale + below
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        nw, nh = self.natural
        w, h = nw * self.scale, nh * self.scale
        self.canv.drawImage(self.reader, (self.width - w) / 2, self.caption_h + self.gap, w, h)
        self.caption.drawOn(self.canv, 0, 0)


# --- page decoration ----------------------------------------------------------------------------

class _Pages:
    """The marking, running title, provenance and page numbers on every page."""

    def __init__(self, brief: Brief):
        self.brief = brief
        self.width, self.height = PAGE

    def cover(self, canvas: Canvas, doc: Any) -> None:
        self.markings(canvas)

    def page(self, canvas: Canvas, doc: Any) -> None:
        self.markings(canvas)
        w, h = self.width, self.height
        left, right = MARGIN["left"], w - MARGIN["right"]
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, h - 15 * MM, _clip(self.brief.title, 110))
        canvas.drawRightString(right, h - 15 * MM, _clip(self.brief.subtitle, 90))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, h - 16.5 * MM, right, h - 16.5 * MM)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        left, right = MARGIN["left"], self.width - MARGIN["right"]
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, 15.5 * MM, right, 15.5 * MM)
        canvas.setFont(FONT, 6.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, 12 * MM, _clip(self.brief.footer, 150))
        canvas.setFont(FONT, 7.5)
        canvas.drawRightString(right, 12 * MM, f"page {page} of {pages}")
        canvas.restoreState()

    def markings(self, canvas: Canvas) -> None:
        marking = self.brief.marking
        if not marking:
            return
        canvas.saveState()
        canvas.setFont(f"{FONT}-Bold", 9)
        canvas.setFillColor(INK)
        canvas.drawCentredString(self.width / 2, self.height - 9.5 * MM, marking)
        canvas.drawCentredString(self.width / 2, 6.5 * MM, marking)
        canvas.restoreState()


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _numbered_canvas(pages: _Pages) -> type[Canvas]:
    """A canvas that holds its pages back until the end, to print 'page n of N' on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                pages.footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
