"""The residents' web map in a real headless Chromium with networking blocked."""

import json
import re
import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from planner.cli import main
from tests.planner.browser import offline_chromium

XSS_NAME = "<img src=x onerror=\"document.title='xss'\">"
MARKERS = {
    "id": "IDMARKER7f3a",
    "contact": "CONTACTMARKER91b2",
    "zekerheid": "ZEKERHEIDMARKERc4d1",
    "hinder": "HINDERMARKERaa12",
    "notitie": "NOTITIEMARKER0b9c",  # a column outside the schema
    "kostenplaats": "KOSTENMARKER33e1",
}
BUDGET_MARKER = 987654321


@pytest.fixture(scope="module")
def marked_output(tmp_path_factory):
    """A small programme with a marker in every internal field, run with --publiek."""
    folder = tmp_path_factory.mktemp("marked")
    squares = [
        shapely.box(103000, 487000, 104000, 488000),
        shapely.box(104000, 487000, 105000, 488000),
    ]
    areas = gpd.GeoDataFrame(
        {
            "WK_CODE": ["WK999901", "WK999902"],
            "WK_NAAM": ["Noord", "Zuid"],
            "AANT_INW": [4000, 3000],
        },
        geometry=squares,
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(areas, folder / "wijken.gpkg")
    rows = []
    specs = [
        (XSS_NAME, "interventie", "verharding", shapely.Point(103500, 487500)),
        (
            "Riool Dorpsstraat",
            "onderhoud",
            "riolering",
            shapely.LineString([(103400, 487500), (103600, 487500)]),
        ),
        ("Buurtkamer", "sociaal", "ontmoeting", None),
        ("Speeltuin Zuid", "initiatief", "spelen", shapely.Point(104500, 487500)),
    ]
    for k, (name, domain, theme, geom) in enumerate(specs):
        rows.append(
            {
                "id": f"{MARKERS['id']}-{k}",
                "naam": name,
                "domein": domain,
                "thema": theme,
                "eigenaar": "gemeente",
                "start": "2026-03",
                "eind": "2027-06",
                "status": "gepland",
                "zekerheid": MARKERS["zekerheid"],
                "budget": BUDGET_MARKER + k,
                "hinder": MARKERS["hinder"],
                "contact": MARKERS["contact"],
                "omschrijving": (
                    "<script>document.title='xss2'</script> "
                    '<a href="javascript:alert(1)">klik</a>'
                ),
                "gebiedscode": "WK999901",
                "notitie": MARKERS["notitie"],
                "kostenplaats": MARKERS["kostenplaats"],
                "geometry": geom,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")
    pyogrio.write_dataframe(frame, folder / "programma.gpkg", geometry_type="Unknown")
    out = folder / "uitvoer"
    assert (
        main(
            [
                "run",
                "--measures",
                str(folder / "programma.gpkg"),
                "--areas",
                str(folder / "wijken.gpkg"),
                "--out",
                str(out),
                "--publiek",
                "--quiet",
            ]
        )
        == 0
    )
    return out


def public_texts(out):
    yield "kaart.html", (out / "kaart.html").read_text(encoding="utf-8")
    for pdf in sorted((out / "gebiedsdag").glob("*.pdf")):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        yield pdf.name, text
    # the wijkuitvoeringsprogramma, page and PDF, is for residents too
    for page in sorted((out / "uitvoeringsprogramma").glob("*.html")):
        yield page.name, page.read_text(encoding="utf-8")
        text = subprocess.run(
            ["pdftotext", str(page.with_suffix(".pdf")), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        yield page.with_suffix(".pdf").name, text


def test_no_internal_value_reaches_residents(marked_output):
    checked = 0
    for name, text in public_texts(marked_output):
        for field, marker in MARKERS.items():
            assert marker not in text, (name, field)
        for k in range(4):
            assert str(BUDGET_MARKER + k) not in text, name
            assert f"{BUDGET_MARKER + k:,}".replace(",", ".") not in text, name
        checked += 1
    assert checked == 8  # kaart.html, two booklets, the atlas, two programme pages and PDFs
    internal = (marked_output / "maatregelen.csv").read_text(encoding="utf-8")
    assert MARKERS["notitie"] in internal  # the internal table still has everything


def test_static_page_has_no_outside_references(marked_output):
    page = (marked_output / "kaart.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script>document.title" not in page  # data is escaped in the JSON block
    block = page.split('id="gp-data">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block  # no tag can form inside the data
    assert "\\u003cimg src=x onerror" in block  # the name is there, escaped


PDOK = "https://service.pdok.nl/"


def network_requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    # chrome:// is the browser's own furniture; anything that leaves the machine counts
    # and the background map's one probe (PDOK by default), which fails offline
    return [
        u for u in urls if re.match(r"^(https?|wss?|ftp)://", u, re.I) and not u.startswith(PDOK)
    ]


def console_errors(driver) -> list[dict]:
    """Console errors but the failed tile probe (a network message, not a script's error)."""
    return [
        e
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" and not (e["source"] == "network" and PDOK in e["message"])
    ]


@pytest.mark.browser
def test_data_is_text_and_no_script_from_the_data_runs(marked_output):
    with offline_chromium() as driver:
        driver.get((marked_output / "kaart.html").as_uri())
        title = driver.title
        assert driver.execute_script("return window.gebiedsplanner.setYear(2026)") == 3
        assert driver.execute_script("return window.gebiedsplanner.open(arguments[0])", XSS_NAME)
        popup = driver.execute_script(
            "var p = document.querySelector('.leaflet-popup-content');"
            "return [p.textContent, p.querySelectorAll('img, script, a').length];"
        )
        assert XSS_NAME in popup[0] and "<script>document.title='xss2'</script>" in popup[0]
        assert popup[1] == 0
        # the list next to the map holds the same text, as text
        listed = driver.execute_script(
            "var l = document.getElementById('gp-lijst-items');"
            "return [l.textContent, l.querySelectorAll('img, script, a').length];"
        )
        assert XSS_NAME in listed[0] and listed[1] == 0
        assert driver.title == title and "xss" not in driver.title
        assert console_errors(driver) == []
        assert network_requests(driver) == []


@pytest.mark.browser
def test_sample_map_draws_filters_and_searches_offline(sample_output, tmp_path):
    measures = pd.read_csv(sample_output / "maatregelen.csv")
    located = measures[measures["x"].notna()]
    y0 = pd.to_datetime(located["periode_van"]).dt.year
    y1 = pd.to_datetime(located["periode_tot"]).dt.year
    with offline_chromium() as driver:
        driver.get((sample_output / "kaart.html").as_uri())
        api = "return window.gebiedsplanner"
        assert driver.execute_script(api + ".ready")
        counts = {}
        for year in (2025, 2027, 2031):
            counts[year] = driver.execute_script(api + f".setYear({year})")
            assert counts[year] == int(((y0 <= year) & (year <= y1)).sum())
        assert len(set(counts.values())) == 3  # the filter changes what is shown
        driver.execute_script("document.getElementById('gp-alle-jaren').click()")
        assert driver.execute_script(api + ".shown()") == len(located)
        assert driver.execute_script(api + ".zoomTo('Boerhaavewijk')")
        assert "Boerhaavewijk" in driver.execute_script(
            "return document.querySelector('.leaflet-popup-content').textContent"
        )
        shot = tmp_path / "kaart.png"
        driver.save_screenshot(str(shot))
        assert console_errors(driver) == []
        assert network_requests(driver) == []
    from PIL import Image

    with Image.open(shot) as image:
        pixels = np.asarray(image.convert("RGB").resize((160, 100)))
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 30  # not blank


@pytest.mark.browser
def test_map_works_on_a_phone_screen(sample_output):
    with offline_chromium(width=390, height=844) as driver:
        driver.get((sample_output / "kaart.html").as_uri())
        assert driver.execute_script("return window.gebiedsplanner.shown()") > 0
        # the panel folds to one bar above the map, which takes most of the screen
        panel, shown = driver.execute_script(
            "var p = document.getElementById('gp-paneel').getBoundingClientRect();"
            "var m = document.getElementById('gp-kaart').getBoundingClientRect();"
            "return [p.height, m.height / window.innerHeight];"
        )
        assert panel < 80 and shown > 0.6
        meta = driver.execute_script("return document.querySelector('meta[name=viewport]').content")
        assert "width=device-width" in meta
