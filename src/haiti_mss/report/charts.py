"""The report's charts, drawn when the report is built: matplotlib's SVG backend, inlined in the page.

Every chart is a string of inline SVG that
- loads nothing: no script, no font file, no image; its links go to cards in the same page;
- needs no stylesheet of its own: the `style="…"` matplotlib writes becomes presentation
  attributes (`fill="…"`), which the page's Content-Security-Policy allows without 'unsafe-inline';
- has ids unique in the page (each chart's are prefixed) and an accessible name and description;
- is the same bytes for the same figures: a fixed hash salt for its ids, no date or version in it.

Text from the data reaches matplotlib only as labels, which its SVG writer escapes as XML; a `$` is
escaped first, so that no label is read as mathtext. Only this module imports matplotlib.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

import matplotlib
from markupsafe import Markup, escape
from matplotlib.axes import Axes
from matplotlib.dates import MONTHLY, AutoDateLocator, DateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from haiti_mss.present.wording import in_thousands

# Applied around every chart. The fonts are those the page asks the browser for: with text kept as
# text (svg.fonttype none) the layout is measured with the first and drawn with whichever is there.
SETTINGS = {
    "svg.fonttype": "none",  # text stays text: a third of the size of glyph outlines, and searchable
    "svg.hashsalt": "mss-report",  # clip-path ids derive from this rather than from a random uuid
    "svg.image_inline": True,  # marks drawn as an image are a data: URI inside the chart, never a file
    "date.epoch": "1970-01-01T00:00:00",  # what _day counts from
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
}
# No metadata: a date would change every run, and the creator carries matplotlib's version.
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}

# Wide charts for screens and paper; narrow ones for phones, where a wide chart scaled down to
# 390 px would have 5 px text.
WIDE, NARROW = 7.2, 3.9  # inches at matplotlib's 72 points per inch
# Up to this many marks, each is a link to its claim. Above it, one artist per mark would take
# minutes and megabytes: the marks are drawn as one image inside the chart (its axes and text stay
# vector), and the table under the chart links every figure to its claim.
LINKED_MARKS = 400
# The resolution of marks drawn as an image: sharp on a screen twice as dense as the chart is wide.
RASTER_DPI = 200

SERIES_COLOURS = {"planned": "#6b6b6b", "pledged": "#1b6ca8", "on the ground": "#c2410c"}
# Markers say what the qualifier says: the true figure is at least (▲) or at most (▼) the mark.
QUALIFIER_MARKERS = {"at_least": "^", "at_most": "v"}
QUALIFIER_WORDS = {"at_least": "at least", "at_most": "at most"}
REPORTED_BAR, DERIVED_BAR = "#1b6ca8", "#d9e4ef"


class Mark(NamedTuple):
    """One reported figure in a chart over time: the period its date covers, and its claim."""

    series: str  # planned, pledged or on the ground
    first_day: date
    last_day: date
    value: int
    qualifier: str
    anchor: str  # the id of its claim card


class Panel(NamedTuple):
    title: str  # a country, or the mission as a whole
    marks: Sequence[Mark]


class Bar(NamedTuple):
    label: str
    value: int
    text: str  # the figure as the tables write it: ≥$300M
    derived: bool  # worked out from other rows (a total, a gap) rather than reported
    anchor: str | None  # the id of its claim card; None for a derived bar


class BarGroup(NamedTuple):
    title: str  # e.g. the currency: bars of different currencies never share an axis
    bars: Sequence[Bar]


def personnel_over_time(panels: Sequence[Panel], *, prefix: str, narrow: bool, described_by: str) -> Markup:
    """Small multiples, one panel per country: each reported figure is a mark at the middle of the
    period its date covers, with a whisker across that period (a month-precise date is a month)."""
    columns = 1 if narrow or len(panels) == 1 else 2
    rows = -(-len(panels) // columns)
    linked = sum(len(panel.marks) for panel in panels) <= LINKED_MARKS
    with matplotlib.rc_context(SETTINGS):
        figure = Figure(figsize=(NARROW if narrow else WIDE, 0.5 + 1.7 * rows), layout="constrained")
        axes = figure.subplots(rows, columns, squeeze=False, sharex=True).flat
        every_day = [
            day for panel in panels for mark in panel.marks for day in (mark.first_day, mark.last_day)
        ]
        margin = timedelta(days=20)
        for ax, panel in zip(axes, panels, strict=False):
            _draw_marks(ax, panel.marks, linked)
            ax.set_title(_label(panel.title, 40), fontsize=9)
            ax.set_ylim(bottom=0, top=max(mark.value for mark in panel.marks) * 1.15 or 1)
            ax.yaxis.set_major_formatter("{x:,.0f}")
            ax.grid(axis="y", linewidth=0.4, alpha=0.6)
            ax.set_xlim(_day(min(every_day) - margin), _day(max(every_day) + margin))
            ax.xaxis.set_major_locator(_months(AutoDateLocator(minticks=3, maxticks=4 if narrow else 6)))
            ax.xaxis.set_major_formatter(DateFormatter("%b\n%Y"))
            ax.tick_params(labelbottom=True)
        for ax in list(axes)[len(panels) :]:
            ax.set_visible(False)
        handles = _legend([mark for panel in panels for mark in panel.marks])
        figure.legend(handles=handles, frameon=False, loc="outside lower center", ncols=2 if narrow else 3)
        return _svg(figure, prefix, "Personnel over time, by country", described_by)


def _months(locator: AutoDateLocator) -> AutoDateLocator:
    """Ticks every 9 or 12 months too: two to three years on a narrow panel fit no interval
    matplotlib offers by default, and it warns on stderr while drawing."""
    locator.intervald[MONTHLY] = [1, 2, 3, 4, 6, 9, 12]
    return locator


def _draw_marks(ax: Axes, marks: Sequence[Mark], linked: bool) -> None:
    for series, colour in SERIES_COLOURS.items():
        chosen = [mark for mark in marks if mark.series == series]
        periods = [mark for mark in chosen if mark.first_day != mark.last_day]
        if periods:
            # One path broken by NaN, however many periods: a segment each would take minutes.
            ax.plot(
                [day for mark in periods for day in (_day(mark.first_day), _day(mark.last_day), math.nan)],
                [value for mark in periods for value in (mark.value, mark.value, math.nan)],
                color=colour,
                linewidth=1,
                rasterized=not linked,
            )
        for marker in ("o", *QUALIFIER_MARKERS.values()):
            group = [mark for mark in chosen if QUALIFIER_MARKERS.get(mark.qualifier, "o") == marker]
            if not group:
                continue
            if linked:
                for mark in group:
                    (drawn,) = ax.plot([_middle(mark)], [mark.value], marker, color=colour, markersize=5)
                    drawn.set_url(f"#{mark.anchor}")
            else:
                middles, values = [_middle(mark) for mark in group], [mark.value for mark in group]
                style = {"color": colour, "markersize": 4, "linestyle": "none"}
                ax.plot(middles, values, marker, rasterized=True, **style)


# Dates are given to matplotlib as its day numbers: converting thousands of date objects is slow.
_EPOCH = date(1970, 1, 1).toordinal()


def _day(when: date) -> float:
    return when.toordinal() - _EPOCH


def _middle(mark: Mark) -> float:
    return (_day(mark.first_day) + _day(mark.last_day)) / 2


def _legend(marks: Sequence[Mark]) -> list[Line2D]:
    """A key for the series and the qualifier markers that the chart shows, and no others."""
    series = {mark.series for mark in marks}
    qualifiers = {mark.qualifier for mark in marks}
    handles = [
        Line2D([], [], marker="o", color=colour, linestyle="none", label=name)
        for name, colour in SERIES_COLOURS.items()
        if name in series
    ]
    handles += [
        Line2D([], [], marker=marker, color="#333", linestyle="none", label=QUALIFIER_WORDS[qualifier])
        for qualifier, marker in QUALIFIER_MARKERS.items()
        if qualifier in qualifiers
    ]
    if any(mark.first_day != mark.last_day for mark in marks):
        handles.append(Line2D([], [], color="#333", linewidth=1, label="period of the date"))
    return handles


def funding_by_flow(groups: Sequence[BarGroup], *, prefix: str, narrow: bool, described_by: str) -> Markup:
    """Horizontal bars, one per row of the funding table, a panel per currency; derived rows (a
    total, a gap) are pale, and each reported bar links to its claim."""
    width = NARROW if narrow else WIDE
    heights = [0.5 + 0.32 * len(group.bars) for group in groups]
    with matplotlib.rc_context(SETTINGS):
        figure = Figure(figsize=(width, sum(heights) + 0.3), layout="constrained")
        axes = figure.subplots(len(groups), 1, squeeze=False, height_ratios=heights).flat
        for ax, group in zip(axes, groups, strict=True):
            positions = range(len(group.bars))[::-1]
            for position, bar in zip(positions, group.bars, strict=True):
                (drawn,) = ax.barh(
                    [position],
                    [bar.value],
                    height=0.65,
                    color=DERIVED_BAR if bar.derived else REPORTED_BAR,
                    edgecolor="#555" if bar.derived else REPORTED_BAR,
                    linewidth=0.6,
                    hatch="///" if bar.derived else None,
                )
                if bar.anchor is not None:
                    drawn.set_url(f"#{bar.anchor}")
                ax.annotate(_no_math(bar.text), (bar.value, position), xytext=(3, 0),
                            textcoords="offset points", va="center", fontsize=8)  # fmt: skip
            ax.set_yticks(list(positions), [_label(bar.label, 18 if narrow else 34) for bar in group.bars])
            ax.tick_params(axis="y", length=0)
            ax.set_xlim(0, max(bar.value for bar in group.bars) * (1.45 if narrow else 1.25) or 1)
            ax.xaxis.set_major_formatter(_money_axis)
            ax.xaxis.set_major_locator(MaxNLocator(3 if narrow else 5))
            ax.grid(axis="x", linewidth=0.4, alpha=0.6)
            ax.set_axisbelow(True)
            ax.set_title(_label(group.title, 40))
        return _svg(figure, prefix, "Funding by flow", described_by)


def _money_axis(value: float, _position: int) -> str:
    # Four figures, not a cell's one decimal: a tick at 1.25B must not read 1.2B.
    scaled, letter = in_thousands(value)
    return f"{scaled:,.4g}{letter}" if letter else f"{value:,.0f}"


def _no_math(text: str) -> str:
    """matplotlib reads text between two `$` as mathtext; a label from the data is never math."""
    return text.replace("$", r"\$")


def _label(text: str, width: int) -> str:
    """A label that stays legible: at most two wrapped lines, the rest cut with an ellipsis (the
    tables beside the chart give it in full)."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return _no_math("\n".join(lines))


# --- From matplotlib's SVG to SVG inside the page ------------------------------------------------

_XML_PROLOGUE = re.compile(r"\A<\?xml[^>]*\?>\s*<!DOCTYPE[^>]*>\s*", re.DOTALL)
# matplotlib's own <style> would apply to the whole page, and need its own hash in the CSP; the
# page's stylesheet says the same of `svg.chart` (round joins, butt caps).
_STYLE_ELEMENT = re.compile(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>")
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')
_SIZE = re.compile(r'(<svg [^>]*?) width="[^"]*" height="[^"]*"')
# Every property matplotlib writes in style="…" is an SVG presentation attribute.
_PRESENTATION = frozenset(
    ("fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
     "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity",
     "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch",
     "text-anchor", "clip-path")
)  # fmt: skip


class UnexpectedStyle(ValueError):
    """matplotlib wrote a style this module does not know to be safe as an attribute."""


def _svg(figure: Figure, prefix: str, title: str, described_by: str) -> Markup:
    """The figure as SVG for the page: named by `title`, described by the element `described_by`
    (the chart in words, which the page shows beside it)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(SETTINGS):
        figure.savefig(buffer, format="svg", metadata=NO_METADATA, bbox_inches="tight", dpi=RASTER_DPI)
    svg = _XML_PROLOGUE.sub("", buffer.getvalue())
    svg = _STYLE_ELEMENT.sub("", svg, count=1)
    svg = _STYLE_ATTRIBUTE.sub(_presentation_attributes, svg)
    ids = set(_ID.findall(svg))
    svg = _REFERENCE.sub(
        lambda match: match[1] + (f"{prefix}-{match[2]}" if match[2] in ids else match[2]), svg
    )
    svg = svg.replace(' target="_blank"', "")  # links lead to cards in this page
    svg = _SIZE.sub(r"\1", svg, count=1)  # the page sizes the chart; the viewBox keeps its shape
    opening = (
        f'<svg class="chart" role="img" aria-labelledby="{prefix}-title" aria-describedby="{described_by}" '
        'stroke-linejoin="round" stroke-linecap="butt" '
    )
    svg = svg.replace("<svg ", opening, 1)
    head_end = svg.index(">") + 1
    # matplotlib escaped every text it wrote; the title is escaped here, and the rest is ours.
    return Markup(f'{svg[:head_end]}<title id="{prefix}-title">{escape(title)}</title>{svg[head_end:]}')


def _presentation_attributes(match: re.Match[str]) -> str:
    attributes = []
    for declaration in filter(str.strip, match[1].split(";")):
        name, _, value = (part.strip() for part in declaration.partition(":"))
        if name not in _PRESENTATION or any(char in value for char in '"<>&'):
            raise UnexpectedStyle(f"matplotlib wrote style {declaration!r}")
        attributes.append(f' {name}="{value}"')
    return "".join(attributes)
