"""The look every chart shares: palette, fonts, the frame (marking, title, source line), bands.

Matplotlib is imported inside the functions that draw, never at import: `forecast --help` and
`forecast run` must not pay for it. Figures are plain `matplotlib.figure.Figure` objects on
an explicit Agg canvas, so nothing touches pyplot's global state or the user's backend.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..language import OFF_SCALE_MARK, YARDSTICKS, Band, bands, estimate, percent
from ..language import said as language_said

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 300  # print resolution; every figure is at least 8 in wide, so PNGs are >= 2400 px

INK = "#1a1a1a"
MUTED = "#595959"
FAINT = "#8c8c8c"
RULE = "#bfbfbf"
BAND_SHADES = ("#ececec", "#dcdcdc")  # alternating, so neighbouring bands stay apart
BAND_TEXT = "#4d4d4d"

# Okabe & Ito's colour-blind-safe palette
BLUE = "#0072B2"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"

BAR = BLUE
UP = BLUE          # moved the probability up
DOWN = VERMILLION  # moved it down
EVIDENCE = ORANGE
TARGET = BLUE

# outcome states in escalation order: calm blue first, vermillion last; markers differ too,
# so the lines stay apart in greyscale and for readers who see few colours
_ESCALATION = (BLUE, SKY, GREEN, ORANGE, VERMILLION, PURPLE, "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "text.color": INK,
    "axes.edgecolor": FAINT,
    "axes.labelcolor": INK,
    "axes.labelsize": 9,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 8,
    "axes.axisbelow": True,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "forecast-chart",  # fixed ids: the same inputs give the same SVG bytes
    "svg.fonttype": "path",             # text as outlines: looks the same in every viewer
    "pdf.fonttype": 3,                  # outline subsets: selectable text, 3x faster than Type 42
    "path.simplify": False,
    "text.parse_math": False,           # titles, labels and quotes are the analyst's text, not TeX
}

HEADER_PAD = 0.18    # inches above the top marking / title
LINE = 1.0 / 72.0    # one point in inches


def mpl_modules() -> tuple[Any, Any]:
    """matplotlib's Figure and the Agg canvas, imported on first use."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    return Figure, FigureCanvasAgg


def style_context() -> Any:
    import matplotlib

    return matplotlib.rc_context(STYLE)


def escalation_colours(n: int) -> list[str]:
    """n colours for states in escalation order, spread over the palette's ends."""
    if n <= 1:
        return [BLUE][:n]
    if n == 2:
        return [BLUE, VERMILLION]
    if n == 3:
        return [BLUE, ORANGE, VERMILLION]
    if n == 4:
        return [BLUE, SKY, ORANGE, VERMILLION]
    return [_ESCALATION[i % len(_ESCALATION)] for i in range(n)]


def marker(i: int) -> str:
    return MARKERS[i % len(MARKERS)]


# --- text --------------------------------------------------------------------------------------

def checked_yardstick(yardstick: str) -> str:
    from ..errors import UserError

    name = yardstick.strip().lower() if isinstance(yardstick, str) else yardstick
    if name not in YARDSTICKS:
        raise UserError(f"unknown yardstick {yardstick!r}: use one of {', '.join(YARDSTICKS)}")
    return name


def pct(p: float) -> str:
    """A probability as printed (the rounding rule of `forecast.language`): 73%, 0.4%, 99.6%."""
    return percent(min(max(float(p), 0.0), 1.0))


def words(p: float, yardstick: str) -> str:
    """The words of the printed value, so the number and its words always agree."""
    return estimate(min(max(float(p), 0.0), 1.0), yardstick).words


def pct_for(p: float, yardstick: str) -> str:
    """The printed value, a dagger after it where it lies outside ICD 203's calibrated scale."""
    p = min(max(float(p), 0.0), 1.0)
    return pct(p) + (OFF_SCALE_MARK if estimate(p, yardstick).off_scale else "")


def said(p: float, yardstick: str) -> str:
    """'73% likely': a probability with its estimative words, as every chart shows them."""
    return language_said(min(max(float(p), 0.0), 1.0), yardstick)


def points(d: float) -> str:
    """A change of probability in percentage points, signed: +4.7 pts, -0.3 pts."""
    value = 100.0 * d
    if abs(value) < 0.05:
        return "±0 pts"
    return f"{value:+.1f} pts".replace("-", "\u2212")


def human(name: str) -> str:
    """An identifier as words: belarus_enters_war -> belarus enters war."""
    return str(name).replace("_", " ")


def yardstick_name(yardstick: str) -> str:
    return {"icd203": "ICD 203", "phia": "PHIA (UK)"}.get(yardstick, yardstick)


LABEL_CHARS = 200  # a node's label is cut to this many characters wherever it is drawn


def clipped(text: str, limit: int = LABEL_CHARS) -> str:
    """`text` cut to `limit` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


WRAP_LINES = 8  # a text wrapped for a chart keeps at most this many lines, then "…"


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of `width` characters, at most WRAP_LINES of them (a 22,000-character
    label would otherwise make a chart thousands of lines tall)."""
    text = text[: WRAP_LINES * max(width, 1) * 2]  # enough for the lines kept, and no more work
    return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False,
                         max_lines=WRAP_LINES, placeholder=" \u2026") or [""]


_WIDTHS: dict[tuple[str, float, str, str], float] = {}


def text_width(text: str, size: float, weight: str = "normal", family: str = "DejaVu Sans") -> float:
    """The width of `text` in inches, measured from the font's outlines (no renderer needed)."""
    key = (text, size, weight, family)
    if key not in _WIDTHS:
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import text_to_path

        prop = FontProperties(family=family, size=size, weight=weight)
        w, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
        _WIDTHS[key] = w / 72.0
    return _WIDTHS[key]


def darker(colour: str, amount: float = 0.3) -> str:
    """A colour mixed with black: for text in a line's colour on a shaded background."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in rgb)


# --- the frame: marking, title, subtitle, source line ------------------------------------------

@dataclass(frozen=True)
class Frame:
    title: str
    subtitle: list[str]
    source: list[str]
    marking: str | None

    def __post_init__(self) -> None:
        # a handling caveat is one line; blank means none
        marking = " ".join(str(self.marking).split()) if self.marking is not None else ""
        object.__setattr__(self, "marking", marking or None)


def context_lines(data: Mapping[str, Any]) -> tuple[str, str, str]:
    """(question, as-of text, scenario text) from a result's `model` and `scenario` keys."""
    model = data.get("model") or {}
    scenario = data.get("scenario") or {}
    network = data.get("network") or {}
    question = str(model.get("title") or network.get("title") or model.get("id")
                   or "Scenario assessment")
    as_of = str(scenario.get("as_of") or "date not given")
    what = ""
    if scenario:
        what = f"Scenario {scenario.get('id')}: {scenario.get('title')}"
        if scenario.get("horizon"):
            what += f" \u00b7 horizon {scenario['horizon']}"
    return question, as_of, what


def source_text(data: Mapping[str, Any], yardstick: str, extra: Iterable[str] = ()) -> str:
    """Where the numbers come from: the tool, the model file and hash, the scenario, the words."""
    model = data.get("model") or {}
    scenario = data.get("scenario") or {}
    parts = [f"Source: forecast {__version__}"]
    if model:
        what = f"model {model.get('id')}"
        details = [str(model[k]) if k == "path" else f"sha256 {str(model[k])[:12]}"
                   for k in ("path", "sha256") if model.get(k)]
        if details:
            what += f" ({', '.join(details)})"
        parts.append(what)
    if scenario:
        what = f"scenario {scenario.get('id')}"
        if scenario.get("path"):
            what += f" ({scenario['path']})"
        evidence = data.get("evidence")
        if isinstance(evidence, list):
            what += f", {len(evidence)} evidence item{'' if len(evidence) == 1 else 's'}"
        parts.append(what)
    if data.get("engine"):
        parts.append(f"{data['engine']} engine")
    if data.get("adjustments"):
        from ..domain.adjustment import adjustment_from_json

        parts.append("adjusted: " + "; ".join(adjustment_from_json(a).describe()
                                              for a in data["adjustments"]))
    parts.append(f"estimative words: {yardstick_name(yardstick)}")
    text = "; ".join(parts) + "."
    for sentence in extra:
        if sentence:
            text += " " + sentence
    return text


def new_figure(width: float, height: float, frame: Frame | None) -> tuple[Figure, float, float]:
    """A constrained-layout figure with room for the frame; returns (fig, top, bottom) in inches."""
    Figure, FigureCanvasAgg = mpl_modules()
    header, footer = frame_heights(frame, width)
    fig = Figure(figsize=(width, height + header + footer), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    total = height + header + footer
    fig.get_layout_engine().set(rect=(0.0, footer / total, 1.0, height / total),
                                h_pad=0.06, w_pad=0.3)
    return fig, header, footer


def _chars(width: float, size: float) -> int:
    """About how many characters of DejaVu Sans at `size` pt fit in `width` inches."""
    return max(20, int(width * 72.0 / (0.56 * size)))


SIZES = {"marking": 9.0, "title": 14.0, "subtitle": 9.5, "source": 7.0}


def frame_heights(frame: Frame | None, width: float) -> tuple[float, float]:
    if frame is None:
        return 0.1, 0.1
    mark = (SIZES["marking"] * 1.9 * LINE) if frame.marking else 0.0
    header = HEADER_PAD + mark + SIZES["title"] * 1.45 * LINE
    header += len(_subtitle_lines(frame, width)) * SIZES["subtitle"] * 1.4 * LINE + 0.1
    footer = 0.12 + len(_source_lines(frame, width)) * SIZES["source"] * 1.35 * LINE
    footer += mark + 0.1
    return header, footer


def _subtitle_lines(frame: Frame, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in frame.subtitle:
        lines.extend(wrap(paragraph, _chars(width - 0.7, SIZES["subtitle"])))
    return lines


def _source_lines(frame: Frame, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in frame.source:
        lines.extend(wrap(paragraph, _chars(width - 0.7, SIZES["source"])))
    return lines


def draw_frame(fig: Figure, frame: Frame, left: float = 0.35) -> None:
    """Marking at top and bottom, the title and subtitle at the top left, the source line."""
    width, height = fig.get_size_inches()

    def fx(inches: float) -> float:
        return inches / width

    def fy(inches_from_top: float) -> float:
        return 1.0 - inches_from_top / height

    y = HEADER_PAD
    if frame.marking:
        fig.text(0.5, fy(y), frame.marking, ha="center", va="top", fontsize=SIZES["marking"],
                 fontweight="bold", color=INK)
        y += SIZES["marking"] * 1.9 * LINE
    fig.text(fx(left), fy(y), frame.title, ha="left", va="top", fontsize=SIZES["title"],
             fontweight="bold", color=INK)
    y += SIZES["title"] * 1.45 * LINE
    for line in _subtitle_lines(frame, width):
        fig.text(fx(left), fy(y), line, ha="left", va="top", fontsize=SIZES["subtitle"], color=MUTED)
        y += SIZES["subtitle"] * 1.4 * LINE
    bottom = 0.1
    if frame.marking:
        fig.text(0.5, bottom / height, frame.marking, ha="center", va="bottom",
                 fontsize=SIZES["marking"], fontweight="bold", color=INK)
        bottom += SIZES["marking"] * 1.9 * LINE
    lines = _source_lines(frame, width)
    step = SIZES["source"] * 1.35 * LINE
    for i, line in enumerate(reversed(lines)):
        fig.text(fx(left), (bottom + i * step) / height, line, ha="left", va="bottom",
                 fontsize=SIZES["source"], color=MUTED)


# --- estimative bands behind probability axes --------------------------------------------------

def band_list(yardstick: str) -> tuple[Band, ...]:
    return bands(checked_yardstick(yardstick))


def shade_bands(ax: Axes, yardstick: str, axis: str = "x") -> None:
    """The yardstick's bands as alternating grey stripes behind the data (gaps stay white)."""
    for i, band in enumerate(band_list(yardstick)):
        shade = BAND_SHADES[i % 2]
        if axis == "x":
            ax.axvspan(band.lo, band.hi, color=shade, lw=0, zorder=0)
        else:
            ax.axhspan(band.lo, band.hi, color=shade, lw=0, zorder=0)


def band_key_rows(ax: Axes, yardstick: str, y_rows: Sequence[float], fontsize: float = 7.0) -> None:
    """The band words on two staggered rows (data y), each centred on its band where it fits."""
    items = band_list(yardstick)
    for i, band in enumerate(items):
        y = y_rows[i % 2]
        if i == 0:
            x, ha = max(band.lo, 0.004), "left"
        elif i == len(items) - 1:
            x, ha = min(band.hi, 0.996), "right"
        else:
            x, ha = (band.lo + band.hi) / 2, "center"
        ax.text(x, y, band.words, ha=ha, va="center", fontsize=fontsize, color=BAND_TEXT,
                style="italic", zorder=1, clip_on=False)


def band_words_axis(ax: Axes, yardstick: str) -> None:
    """The band words as a second scale right of a vertical probability axis."""
    from matplotlib.ticker import FixedLocator

    right_axis = ax.secondary_yaxis("right")
    items = band_list(yardstick)
    right_axis.yaxis.set_major_locator(FixedLocator([(b.lo + b.hi) / 2 for b in items]))
    right_axis.set_yticklabels([b.words for b in items], fontsize=7.5, color=MUTED, style="italic")
    right_axis.tick_params(length=0)
    right_axis.spines["right"].set_visible(False)


def percent_axis(ax: Axes, axis: str = "x", label: str | None = None) -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter

    ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    fmt = FuncFormatter(lambda v, _pos: f"{100 * v:.0f}%")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(FixedLocator(ticks))
    target.set_major_formatter(fmt)
    if axis == "x":
        ax.set_xlim(0.0, 1.0)
        if label:
            ax.set_xlabel(label)
    else:
        ax.set_ylim(0.0, 1.0)
        if label:
            ax.set_ylabel(label)


def spread(values: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions near `values`, at least `gap` apart, kept inside [lo, hi]: labels that never
    overlap. Order is kept; a cluster is centred on its members' mean (least squares)."""
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    blocks: list[list[Any]] = []  # [start position, members (indices into order)]
    for k in order:
        blocks.append([values[k], [k]])
        while len(blocks) > 1:
            (a_start, a_members), (b_start, b_members) = blocks[-2], blocks[-1]
            if a_start + len(a_members) * gap <= b_start + 1e-12:
                break
            members = a_members + b_members
            mean = sum(values[m] - j * gap for j, m in enumerate(members)) / len(members)
            blocks[-2:] = [[mean, members]]
    out = [0.0] * len(values)
    positions: list[float] = []
    for start, members in blocks:
        for j, _ in enumerate(members):
            positions.append(start + j * gap)
    # clamp into [lo, hi] keeping the gaps
    n = len(positions)
    for i in range(n):
        floor = lo + i * gap
        positions[i] = max(positions[i], floor)
        if i:
            positions[i] = max(positions[i], positions[i - 1] + gap)
    for i in range(n - 1, -1, -1):
        ceiling = hi - (n - 1 - i) * gap
        positions[i] = min(positions[i], ceiling)
        if i < n - 1:
            positions[i] = min(positions[i], positions[i + 1] - gap)
    flat = [m for _, members in blocks for m in members]
    for position, k in zip(positions, flat, strict=True):
        out[k] = position
    return out
