"""Per-area programme maps and timelines (matplotlib, PNG at print resolution).

The map shows the area with its neighbours for context, the measures coloured by domain, the
overlaps marked by verdict (colour and shape), a scale bar, a north arrow, a legend and the
attribution. The timeline shows the area's measures as bars over the years, coloured by domain,
with a mark on each bar where it meets another measure.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.report.labels import number_ranges
from planner.report.palette import (
    DOMAIN_COLOURS,
    OUTLINE,
    VERDICT_COLOURS,
    VERDICT_SHAPES,
)
from planner.texts import DOMAIN_LABELS

__all__ = ["draw_area_map", "draw_timeline", "TIMELINE_ROWS"]

ATTRIBUTION = "Gebieden: CBS, Kadaster (CC BY 4.0). Programma: gemeente en partners."
MPL_MARKERS = {"square": "s", "triangle": "^", "star": "*", "circle": "o"}
TIMELINE_ROWS = 36


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.fonttype": "none"})
    return plt


def _nice_length(width_m: float) -> float:
    target = width_m / 4
    steps = np.array([10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000])
    return float(steps[steps <= target].max()) if (steps <= target).any() else 10.0


def _scale_bar(ax, x0: float, y0: float, width: float, height: float) -> None:
    length = _nice_length(width)
    y = y0 + height * 0.04
    x = x0 + width * 0.04
    bar_h = height * 0.012
    for k in range(2):
        ax.add_patch(
            _rect(x + k * length / 2, y, length / 2, bar_h, "black" if k == 0 else "white")
        )
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.text(x, y + bar_h * 1.8, "0", fontsize=7, ha="center", va="bottom")
    ax.text(x + length, y + bar_h * 1.8, label, fontsize=7, ha="center", va="bottom")


def _rect(x, y, w, h, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="black", linewidth=0.6, zorder=10)


def _north_arrow(ax) -> None:
    ax.annotate(
        "N",
        xy=(0.95, 0.95),
        xytext=(0.95, 0.85),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 3, "headwidth": 9, "headlength": 9},
        zorder=11,
    )


def _plot_measures(ax, measures: gpd.GeoDataFrame) -> None:
    for domain, colour in DOMAIN_COLOURS.items():
        part = measures[(measures["domein"] == domain) & measures.geometry.notna()]
        if not len(part):
            continue
        kinds = part.geometry.geom_type
        polys = part[kinds.str.contains("Polygon")]
        lines = part[kinds.str.contains("LineString")]
        points = part[kinds.str.contains("Point")]
        if len(polys):
            polys.plot(
                ax=ax, facecolor=colour, edgecolor=colour, alpha=0.45, linewidth=0.8, zorder=3
            )
        if len(lines):
            lines.plot(ax=ax, color=colour, linewidth=2.2, zorder=4)
        if len(points):
            points.plot(
                ax=ax, color=colour, markersize=28, edgecolor=OUTLINE, linewidth=0.5, zorder=5
            )


def draw_area_map(
    area: gpd.GeoSeries,
    all_areas: gpd.GeoDataFrame,
    measures: gpd.GeoDataFrame,
    overlaps: gpd.GeoDataFrame,
    path: Path,
    *,
    title: str,
    dpi: int = 300,
    attribution: str = ATTRIBUTION,
    numbers: pd.DataFrame | None = None,
    unnumbered: int = 0,
) -> Path:
    """Draw one area's programme map to a PNG.

    Parameters
    ----------
    area : geopandas.GeoSeries
        The area's row (with ``geometry``).
    all_areas : geopandas.GeoDataFrame
        All areas of the level, drawn as neighbours.
    measures : geopandas.GeoDataFrame
        The measures in the area (columns ``domein`` and geometry).
    overlaps : geopandas.GeoDataFrame
        The overlaps that meet in the area (``verdict`` and point geometry).
    path : pathlib.Path
        The PNG to write.
    title : str
        The map title.
    dpi : int
        Resolution; 300 for print.
    attribution : str
        Source line printed on the map.
    numbers : pandas.DataFrame, optional
        Numbered decision points (``nummer``, ``verdict``, ``x``, ``y``): drawn as numbered
        circles in the verdict's colour instead of the verdict's marks.
    unnumbered : int
        Decisions in the list without a number on the map (counted in the legend).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    plt = _pyplot()

    size = (10.8, 6.4) if numbers is not None else (9.2, 6.4)
    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    geom = area.geometry
    x0, y0, x1, y1 = geom.bounds
    pad = max(x1 - x0, y1 - y0) * 0.08
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    # equal aspect: widen the short side so the map fills the frame
    ratio = (size[0] - (2.2 if numbers is not None else 0)) / size[1]
    w, h = x1 - x0, y1 - y0
    if w / h < ratio:
        extra = (h * ratio - w) / 2
        x0, x1 = x0 - extra, x1 + extra
    else:
        extra = (w / ratio - h) / 2
        y0, y1 = y0 - extra, y1 + extra
    all_areas.plot(ax=ax, facecolor="#EFEFEF", edgecolor="white", linewidth=1.2, zorder=1)
    for _, other in all_areas.iterrows():
        if other.geometry.equals(geom):
            continue
        point = other.geometry.representative_point()
        if x0 < point.x < x1 and y0 < point.y < y1:
            ax.text(
                point.x,
                point.y,
                str(other["naam"]),
                fontsize=7,
                color="#8A8A8A",
                ha="center",
                va="center",
                zorder=2,
            )
    gpd.GeoSeries([geom]).plot(ax=ax, facecolor="white", edgecolor=OUTLINE, linewidth=1.8, zorder=2)
    _plot_measures(ax, measures)
    # Pairs found through a shared area (no distance) have no place of their own: counted in
    # the legend, not drawn.
    area_level = overlaps[_area_level(overlaps)]
    overlaps = overlaps[~_area_level(overlaps)]
    numbered = numbers is not None
    if numbered:
        # decisions are drawn as their numbers; the other verdicts keep their marks
        overlaps = overlaps[~overlaps["verdict"].isin(set(VERDICT_COLOURS) - {"samenhang"})]
        _draw_numbers(ax, numbers)
    for verdict, colour in VERDICT_COLOURS.items():
        part = overlaps[overlaps["verdict"] == verdict]
        if len(part):
            xs, ys = shapely.get_x(part.geometry.array), shapely.get_y(part.geometry.array)
            ax.scatter(
                xs,
                ys,
                marker=MPL_MARKERS[VERDICT_SHAPES[verdict]],
                s=46,
                c=colour,
                edgecolors=OUTLINE,
                linewidths=0.6,
                zorder=7,
            )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=13, loc="left", fontweight="bold")
    _scale_bar(ax, x0, y0, x1 - x0, y1 - y0)
    _north_arrow(ax)
    verdicts = set(overlaps["verdict"]) if len(overlaps) else set()
    handles = _legend_handles(set(measures["domein"].dropna()), verdicts, len(area_level), 8)
    if numbered:
        handles += _number_handles(numbers, unnumbered)
    if handles and numbered:
        # beside the map, so it never hides a numbered decision point
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=7.5,
            frameon=False,
            title="Legenda",
            title_fontsize=8,
            alignment="left",
        )
    elif handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            fontsize=8,
            framealpha=0.92,
            title="Legenda",
            title_fontsize=8,
        )
    ax.text(
        0.995,
        0.005,
        attribution,
        transform=ax.transAxes,
        fontsize=6.5,
        ha="right",
        va="bottom",
        color="#444444",
        zorder=12,
        bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5},
    )
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def _draw_numbers(ax, numbers: pd.DataFrame) -> None:
    """Numbered circles at the decision points, in the verdict's colour."""
    for row in numbers.itertuples():
        ax.annotate(
            str(row.nummer),
            (row.x, row.y),
            ha="center",
            va="center",
            fontsize=6.5,
            fontweight="bold",
            color="white",
            zorder=9,
            bbox={
                "boxstyle": "circle,pad=0.25",
                "facecolor": VERDICT_COLOURS[row.verdict],
                "edgecolor": OUTLINE,
                "linewidth": 0.6,
            },
        )


def _number_handles(numbers: pd.DataFrame, unnumbered: int) -> list:
    """Legend lines for the numbered decisions: their verdicts, and what is not on the map."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list = []
    for verdict, colour in VERDICT_COLOURS.items():
        part = numbers[numbers["verdict"] == verdict]
        if len(part):
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markerfacecolor=colour,
                    markeredgecolor=OUTLINE,
                    markersize=8,
                    label=f"{verdict.capitalize()}: besluit "
                    f"{number_ranges(part['nummer'].tolist())}",
                )
            )
    if unnumbered:
        handles.append(
            Patch(
                facecolor="none",
                edgecolor="none",
                label=f"+ {unnumbered} besluiten zonder nummer\n  op de kaart (wel in de lijst)",
            )
        )
    return handles


def _legend_handles(domains: set, verdicts: set, area_pairs: int, marker_size: float) -> list:
    """Legend entries: the domains present, the verdicts drawn, the pairs only counted."""
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Patch(facecolor=c, edgecolor=c, label=DOMAIN_LABELS[d])
        for d, c in DOMAIN_COLOURS.items()
        if d in domains
    ]
    handles += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=MPL_MARKERS[VERDICT_SHAPES[v]],
            markerfacecolor=c,
            markeredgecolor=OUTLINE,
            markersize=marker_size,
            label=v.capitalize(),
        )
        for v, c in VERDICT_COLOURS.items()
        if v in verdicts
    ]
    if area_pairs:
        handles.append(
            Patch(
                facecolor="none",
                edgecolor="none",
                label=f"+ {area_pairs} paren in hetzelfde gebied",
            )
        )
    return handles


def _area_level(overlaps: pd.DataFrame) -> np.ndarray:
    """Which pairs were found through a shared area rather than by distance."""
    if "gebiedsniveau" in overlaps.columns:
        return overlaps["gebiedsniveau"].to_numpy(bool)
    return overlaps["distance_m"].isna().to_numpy() if len(overlaps) else np.zeros(0, bool)


def _shorten(text: str, limit: int = 48) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def draw_timeline(
    measures: pd.DataFrame,
    overlaps: pd.DataFrame,
    path: Path,
    *,
    title: str,
    years: tuple[int, int],
    dpi: int = 300,
) -> Path:
    """Draw the measures of an area as bars over the years.

    Parameters
    ----------
    measures : pandas.DataFrame
        Columns ``id``, ``naam``, ``domein``, ``periode_van``, ``periode_tot``; drawn in this
        order, top to bottom.
    overlaps : pandas.DataFrame
        Pairs (``measure_a``, ``measure_b``, ``verdict``, ``moment``) involving these measures;
        each gets a mark on the bars it touches, and a connector where both are on this chart.
    path : pathlib.Path
        The PNG to write.
    title : str
        Chart title.
    years : tuple of int
        First and last year of the axis.
    dpi : int
        Resolution.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    plt = _pyplot()
    import matplotlib.dates as mdates

    n = max(len(measures), 1)
    fig, ax = plt.subplots(figsize=(10.6, max(2.2, 0.5 + 0.17 * n)), dpi=dpi)
    start = pd.to_datetime(measures["periode_van"]).to_numpy()
    end = pd.to_datetime(measures["periode_tot"]).to_numpy() + np.timedelta64(1, "D")
    rows = np.arange(len(measures))
    colours = [DOMAIN_COLOURS.get(d, "#999999") for d in measures["domein"]]
    ax.barh(
        rows,
        mdates.date2num(end) - mdates.date2num(start),
        left=mdates.date2num(start),
        height=0.62,
        color=colours,
        edgecolor=OUTLINE,
        linewidth=0.3,
    )
    row_of = dict(zip(measures["id"], rows, strict=True))
    first_of = dict(zip(measures["id"], mdates.date2num(start), strict=True))
    last_of = dict(zip(measures["id"], mdates.date2num(end), strict=True))
    located = overlaps[~_area_level(overlaps)]
    shown = set()
    for verdict, colour in VERDICT_COLOURS.items():
        part = located[located["verdict"] == verdict]
        if not len(part):
            continue
        when = mdates.date2num(pd.to_datetime(part["moment"]).to_numpy())
        marker = MPL_MARKERS[VERDICT_SHAPES[verdict]]
        ra = part["measure_a"].map(row_of).to_numpy(dtype=float)
        rb = part["measure_b"].map(row_of).to_numpy(dtype=float)
        both = ~np.isnan(ra) & ~np.isnan(rb)
        ax.vlines(when[both], ra[both], rb[both], colors=colour, linewidth=0.7, alpha=0.7)
        for side, rws in (("measure_a", ra), ("measure_b", rb)):
            ok = ~np.isnan(rws)
            if not ok.any():
                continue
            ids = part[side].to_numpy()[ok]
            # the mark sits on the measure's own bar, at the moment they meet or its nearest end
            lo = np.array([first_of[i] for i in ids])
            hi = np.array([last_of[i] for i in ids])
            x = np.clip(when[ok], lo, hi)
            ax.scatter(
                x,
                rws[ok],
                marker=marker,
                s=18,
                c=colour,
                edgecolors=OUTLINE,
                linewidths=0.4,
                zorder=5,
            )
            shown.add(verdict)
    ax.set_yticks(rows)
    ax.set_yticklabels([_shorten(t) for t in measures["naam"]], fontsize=6.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(
        mdates.date2num(np.datetime64(f"{years[0]}-01-01")),
        mdates.date2num(np.datetime64(f"{years[1] + 1}-01-01")),
    )
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(title, fontsize=11, loc="left", fontweight="bold")

    handles = _legend_handles(set(measures["domein"]), shown, int(_area_level(overlaps).sum()), 6)
    height = fig.get_size_inches()[1]
    if handles:
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=len(handles),
            fontsize=6.5,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.2,
        )
    fig.tight_layout(rect=(0, 0.3 / height, 1, 1))
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path
