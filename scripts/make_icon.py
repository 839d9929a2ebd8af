"""Draw the plugin icon (plugin/icon.png) from the report palette: stacked measures in an area.

Run: ``python scripts/make_icon.py``; the PNG is committed.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Polygon, Rectangle  # noqa: E402

from planner.report.palette import DOMAIN_COLOURS, OUTLINE  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "plugin" / "icon.png"


def main() -> None:
    """Write the 64 x 64 icon."""
    fig = plt.figure(figsize=(1, 1), dpi=64)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 64)
    ax.set_ylim(0, 64)
    ax.axis("off")
    ax.add_patch(
        Polygon(
            [(4, 10), (30, 4), (60, 14), (56, 54), (22, 60), (6, 44)],
            closed=True,
            facecolor="#f4f1ea",
            edgecolor=OUTLINE,
            linewidth=2.2,
        )
    )
    colours = list(DOMAIN_COLOURS.values())
    for k, colour in enumerate(colours):
        ax.add_patch(
            Rectangle((14 + 3 * k, 14 + 9 * k), 30, 7, facecolor=colour, edgecolor=OUTLINE, lw=0.8)
        )
    fig.savefig(OUT, dpi=64, transparent=True)


if __name__ == "__main__":
    main()
