"""The overlap report, the per-area maps and the gebiedsdag booklets, checked with poppler."""

import json
import shutil
import subprocess

import pandas as pd
import pyogrio
import pytest

from planner.report.filenames import area_file_names
from planner.schema import layers_dir

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(path) -> str:
    return subprocess.run(
        [PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def render_all(path, folder) -> int:
    """pdftoppm renders every page (small); returns the number of images."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "12", "-png", str(path), str(folder / "p")],
        check=True,
        capture_output=True,
    )
    return len(list(folder.glob("p-*.png")))


def wijken():
    return pyogrio.read_dataframe(layers_dir() / "haarlem_wijken_2024.gpkg", layer="wijken")


def test_report_html_and_pdf_hold_the_same_content(sample_output, tmp_path):
    html = (sample_output / "rapport.html").read_text(encoding="utf-8")
    text = " ".join(pdf_text(sample_output / "rapport.pdf").split())
    pairs = pd.read_csv(sample_output / "overlappingen.csv")
    for verdict in ("Combineren", "Volgorde", "Spreiden"):
        count = f"{(pairs['verdict'] == verdict.lower()).sum():,}".replace(",", ".")
        assert f"{verdict}: {count} paren" in text and f"{verdict}: {count} paren" in html
    # samenhang of the distance rules as pairs; of the same-area rules as groups
    together = f"{(pairs['verdict'] == 'samenhang').sum():,}".replace(",", ".")
    heading = f"Samenhang als paren per wijk: {together}"
    assert heading in text and heading in html
    groups = len(pd.read_csv(sample_output / "samenhang_wijk.csv"))
    heading = f"Samenhang: {groups:,} groepen".replace(",", ".")
    assert heading in text and heading in html
    for name in wijken()["WK_NAAM"]:
        assert name in text and name in html
    # the first pair of the area with the most pairs of a verdict is shown, in both
    first = pairs[pairs["verdict"] == "combineren"].sort_values(["moment", "naam_a"])
    for name in first["naam_a"].head(1):
        assert name in text and name in html
    assert "Stapeling per wijk en periode" in text and "Opgave en inzet uit balans" in text
    assert render_all(sample_output / "rapport.pdf", tmp_path / "r") == pdf_pages(
        sample_output / "rapport.pdf"
    )
    assert "pagina 1 van" in text


def test_a_booklet_per_area_and_an_atlas(sample_output, tmp_path):
    areas = wijken()
    folder = sample_output / "gebiedsdag"
    booklets = sorted(p for p in folder.glob("WK*.pdf"))
    names = area_file_names(pd.DataFrame({"code": areas["WK_CODE"], "naam": areas["WK_NAAM"]}))
    assert names.warnings == ()  # Haarlem's wijken keep the names they always had
    expected = sorted(f"{stem}.pdf" for stem in names.values())
    assert [p.name for p in booklets] == expected
    pages = [pdf_pages(p) for p in booklets]
    assert pdf_pages(folder / "atlas.pdf") == sum(pages) + 1  # and its contents page
    atlas = pdf_text(folder / "atlas.pdf")
    assert atlas.count("Te beslissen op deze dag") == len(areas)
    for name in areas["WK_NAAM"]:
        assert f"Gebiedsdag {name}" in atlas


def test_booklet_content_and_every_page_renders(sample_output, tmp_path):
    path = sample_output / "gebiedsdag" / "WK039219-boerhaavewijk.pdf"
    text = pdf_text(path)
    flat = " ".join(text.split())
    for part in (
        "Gebiedsdag Boerhaavewijk",
        "Te beslissen op deze dag",
        "Maatregelen (",
        "Besluiten (",
        "Besluit",
        "Samenhang: wie verbinden we?",
        "Cijfers van het gebied",
        "gemiddeld",
        "Wat combineren we?",
        "Budget (intern)",
        "gegevens van 22 november 2026",
        "bron: CBS, Kadaster",
    ):
        assert part in flat, part
    measures = pd.read_csv(sample_output / "maatregelen.csv")
    run = json.loads((sample_output / "run.json").read_text())
    assert run["aantallen"]["gebruikt"] == len(measures)
    assert "Rioolvervanging" in flat and "spreiden" in flat.lower()
    pages = pdf_pages(path)
    assert f"pagina {pages} van {pages}" in flat
    assert render_all(path, tmp_path / "b") == pages


def test_maps_are_print_resolution_pngs(sample_output):
    from PIL import Image

    maps = sorted((sample_output / "kaarten").glob("WK*[a-z].png"))
    assert len(maps) == 21
    with Image.open(maps[0]) as image:
        width, height = image.size
        assert width >= 2400 and height >= 1600  # about 9 x 6 inch at 300 dpi
        colours = image.convert("RGB").resize((200, 140)).getcolors(200 * 140)
        assert len(colours) > 20  # not blank
    timelines = list((sample_output / "kaarten").glob("*-tijdlijn-*.png"))
    assert len(timelines) >= 21


def test_per_level_option_and_public_booklets(tmp_path):
    import geopandas as gpd
    import shapely

    from planner.cli import main

    boxes = [shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)]
    wijken_frame = gpd.GeoDataFrame(
        {"WK_CODE": ["WK000101", "WK000102"], "WK_NAAM": ["West", "Oost"], "AANT_INW": [900, 1100]},
        geometry=boxes,
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(wijken_frame, tmp_path / "a.gpkg", layer="wijken")
    gemeente = gpd.GeoDataFrame(
        {"GM_CODE": ["GM0001"], "GM_NAAM": ["Dorp"]},
        geometry=[shapely.box(0, 0, 2000, 1000)],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(gemeente, tmp_path / "a.gpkg", layer="gemeente", append=True)
    measures = gpd.GeoDataFrame(
        {
            "naam": ["Riool Kerkstraat", "Asfalt Kerkstraat", "Jongerenwerk"],
            "domein": ["onderhoud", "interventie", "sociaal"],
            "thema": ["riolering", "verharding", "jeugd"],
            "start": ["2026-03", "2026-09", "2026"],
            "budget": [500000, 250000, 80000],
        },
        geometry=[
            shapely.LineString([(100, 500), (1900, 500)]),
            shapely.LineString([(100, 505), (1900, 505)]),
            shapely.Point(1500, 500),
        ],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(measures, tmp_path / "m.gpkg", geometry_type="Unknown")
    out = tmp_path / "u"

    def run_small(*extra: str) -> int:
        return main(
            [
                "run",
                "--measures",
                str(tmp_path / "m.gpkg"),
                "--areas",
                str(tmp_path / "a.gpkg"),
                "--out",
                str(out),
                "--quiet",
                *extra,
            ]
        )

    assert run_small("--per", "gemeente", "--publiek") == 0
    assert sorted(p.name for p in (out / "gebiedsdag").glob("*.pdf")) == [
        "GM0001-dorp.pdf",
        "atlas.pdf",
    ]
    text = " ".join(pdf_text(out / "gebiedsdag" / "GM0001-dorp.pdf").split())
    assert "Gebiedsdag Dorp" in text and "publieke versie" in text
    assert "Riool Kerkstraat" in text and "Combineren" in text
    assert "Budget (intern)" not in text and "500.000" not in text
    assert run_small("--per", "stadsdeel") == 2


@pytest.mark.slow
def test_booklet_workers_end_without_the_run_s_stop_signal(tmp_path):
    # The booklet workers are forked from the run: a SIGTERM to them would run the command
    # line's stop handler (printing a traceback at the end of a good run). Here that handler
    # leaves a mark for every process it runs in.
    import subprocess
    import sys

    script = f"""
import os, signal
from pathlib import Path
def mark(signum, frame):
    Path({str(tmp_path)!r}, f"sigterm-{{os.getpid()}}").write_text("")
    os._exit(0)
signal.signal(signal.SIGTERM, mark)
from planner.run import run
run(out={str(tmp_path / "uit")!r}, report_options={{"per": "wijk"}})
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "uit" / "gebiedsdag").glob("WK*.pdf"))) == 21
    assert sorted(p.name for p in tmp_path.glob("sigterm-*")) == []
