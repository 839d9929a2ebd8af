"""The wijkuitvoeringsprogramma pages and PDFs, and the report's heat table contrast."""

from __future__ import annotations

import re
import subprocess

import geopandas as gpd
import pyogrio
import pytest
import shapely

from planner.cli import main
from tests.planner.axe import axe_violations
from tests.planner.browser import offline_chromium

XSS = '<img src=x onerror="document.title=1">Plein'
MARK = {"contact": "CONTACTMARK5e1", "zekerheid": "waarschijnlijk", "budget": 918273645}
N_BUSY = 120


@pytest.fixture(scope="module")
def programme_out(tmp_path_factory):
    """Two wijken; Poelenburg with 120 works in 2027 (too many for four pages with text)."""
    folder = tmp_path_factory.mktemp("wup")
    areas = gpd.GeoDataFrame(
        {"WK_CODE": ["WK047901", "WK047902"], "WK_NAAM": ["Poelenburg", "Rosmolenwijk"]},
        geometry=[
            shapely.box(115000, 497000, 116000, 498000),
            shapely.box(116000, 497000, 117000, 498000),
        ],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(areas, folder / "wijken.gpkg")
    rows = []
    for k in range(N_BUSY):
        rows.append(
            {
                "naam": XSS if k == 0 else f"Werk {k:03d} Poelenburg",
                "domein": ("onderhoud", "interventie", "sociaal", "initiatief")[k % 4],
                "thema": ("riolering", "groen", "jeugd", "spelen")[k % 4],
                "eigenaar": "gemeente",
                "start": f"2027-{k % 12 + 1:02d}",
                "eind": "2027-12",
                "status": "gepland",
                "adres": f"Zuiderweg {k + 1}",
                "omschrijving": "Wij vernieuwen hier de straat en het riool. " * 3,
                "contact": MARK["contact"],
                "zekerheid": MARK["zekerheid"],
                "budget": MARK["budget"],
                "geometry": shapely.Point(115050 + (k % 12) * 75, 497050 + (k // 12) * 90),
            }
        )
    rows.append(
        {
            "naam": "Speeltuin Rosmolen",
            "domein": "initiatief",
            "thema": "spelen",
            "start": "2026-05",
            "eind": "2028-06",
            "adres": "Rosmolenstraat",
            "geometry": shapely.Point(116500, 497500),
        }
    )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")
    pyogrio.write_dataframe(frame, folder / "programma.gpkg")
    out = folder / "uit"
    args = ["run", "--measures", str(folder / "programma.gpkg"), "--areas"]
    args += [str(folder / "wijken.gpkg"), "--out", str(out), "--quiet", "--publiek"]
    assert main([*args, "--data-date", "2026-11-22", "--contact", "Bel 14 0255"]) == 0
    return out


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_every_area_gets_a_page_and_a_pdf_of_the_coming_year(programme_out):
    folder = programme_out / "uitvoeringsprogramma"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "WK047901-poelenburg-2027.html",
        "WK047901-poelenburg-2027.pdf",
        "WK047902-rosmolenwijk-2027.html",
        "WK047902-rosmolenwijk-2027.pdf",
    ]
    listed = (programme_out / ".gebiedsplanner-uitvoer").read_text(encoding="utf-8")
    assert "uitvoeringsprogramma/WK047901-poelenburg-2027.pdf" in listed


def test_the_pdf_has_at_most_four_pages_and_accounts_for_every_work(programme_out):
    from pypdf import PdfReader

    pdf = programme_out / "uitvoeringsprogramma" / "WK047901-poelenburg-2027.pdf"
    assert len(PdfReader(pdf).pages) <= 4
    text = pdf_text(pdf)
    # the works by month; the nuisance list after them names some again
    works = re.split(r"\n\s*Hinder\s*\n", text)[0]
    shown = len(set(re.findall(r"Werk \d{3} Poelenburg", works))) + ("onerror" in works)
    more = re.search(r"En nog (\d+) werken", text)
    assert shown + (int(more.group(1)) if more else 0) == N_BUSY
    assert "Bel 14 0255" in text and "Hinder" in text
    small = programme_out / "uitvoeringsprogramma" / "WK047902-rosmolenwijk-2027.pdf"
    assert "Speeltuin Rosmolen" in pdf_text(small) and "Rosmolenstraat" in pdf_text(small)


def test_the_page_is_public_and_has_every_work_as_text(programme_out):
    page = programme_out / "uitvoeringsprogramma" / "WK047901-poelenburg-2027.html"
    html = page.read_text(encoding="utf-8")
    for marker in (MARK["contact"], MARK["zekerheid"], str(MARK["budget"]), "918.273.645"):
        assert marker not in html
        assert marker not in pdf_text(page.with_suffix(".pdf"))
    assert "<img src=x" not in html and "&lt;img src=x onerror" in html
    assert len(set(re.findall(r"Werk \d{3} Poelenburg", html))) == N_BUSY - 1
    assert "Zuiderweg 17" in html  # the location from the data's own address column
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop", "telefoon"])
def test_axe_finds_nothing_on_the_pages(programme_out, size):
    pages = sorted((programme_out / "uitvoeringsprogramma").glob("*.html"))
    with offline_chromium(*size, phone=size[0] < 500) as driver:
        for page in pages:
            driver.get(page.as_uri())
            assert driver.execute_script("return document.documentElement.lang") == "nl"
            assert axe_violations(driver) == [], page.name
            assert driver.title.startswith("Wijkuitvoeringsprogramma")
            # the page itself never scrolls sideways (a wide table scrolls in its own box)
            assert driver.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth"
            )
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_heat_colour_of_the_sample_has_readable_text():
    import planner
    from planner.report.document import Table
    from planner.report.overlap_report import _heat_blocks
    from planner.report.palette import LOAD_RAMP
    from planner.report.tables import report_data

    result = planner.run(None, None, reports=False)
    (table,) = [b for b in _heat_blocks(result, report_data(result)) if isinstance(b, Table)]
    cells = [c for row in table.rows for c in row if c.background]
    assert {c.background for c in cells} == set(LOAD_RAMP)  # every step of the ramp is there
    for cell in cells:
        text = "#FFFFFF" if cell.light_text else "#000000"
        assert contrast(cell.background, text) >= 4.5, (cell.background, text)


def test_the_heat_table_text_has_enough_contrast(programme_out):
    html = (programme_out / "rapport.html").read_text(encoding="utf-8")
    cells = re.findall(
        r'<td class="num" style="background: (#[0-9A-Fa-f]{6})(; color: white)?"', html
    )
    assert cells
    for background, white in cells:
        text = "#FFFFFF" if white else "#000000"
        assert contrast(background, text) >= 4.5, (background, text)


@pytest.mark.browser
def test_axe_finds_no_contrast_fault_in_the_report(programme_out):
    # the report's other findings (landmarks) are the report's HTML edition's own work
    with offline_chromium() as driver:
        driver.get((programme_out / "rapport.html").as_uri())
        assert driver.find_elements("css selector", "table.heat td")
        assert axe_violations(driver, rules=["color-contrast"], within="table.heat") == []
