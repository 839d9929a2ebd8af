"""Copy Haarlem (GM0392) out of the CBS wijken 2024 set into layers/.

Run once by a maintainer:
``python layers/build_haarlem.py PATH/TO/cbs_wijken_2024_haarlem_groningen``.
It writes ``haarlem_wijken_2024.gpkg`` (layers ``wijken`` and ``gemeente``) and
``haarlem_kerncijfers_2024.csv`` (the wijk and buurt rows of Haarlem).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pyogrio

HERE = Path(__file__).resolve().parent


def main(source: Path) -> None:
    gpkg = source / "cbs_wijken_2024_haarlem_groningen.gpkg"
    wijken = pyogrio.read_dataframe(gpkg, layer="wijken")
    wijken = wijken[wijken["GM_CODE"] == "GM0392"].sort_values("WK_CODE").reset_index(drop=True)
    gemeente = pyogrio.read_dataframe(gpkg, layer="gemeenten")
    gemeente = gemeente[gemeente["GM_CODE"] == "GM0392"].reset_index(drop=True)
    target = HERE / "haarlem_wijken_2024.gpkg"
    target.unlink(missing_ok=True)
    pyogrio.write_dataframe(wijken, target, layer="wijken", driver="GPKG")
    pyogrio.write_dataframe(gemeente, target, layer="gemeente", driver="GPKG", append=True)
    figures = pd.read_csv(
        source / "kerncijfers_wijken_buurten_2024_haarlem_groningen.csv",
        dtype=str,
        keep_default_na=False,
    )
    figures = figures[figures["GM_CODE"] == "GM0392"]
    figures.to_csv(HERE / "haarlem_kerncijfers_2024.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
