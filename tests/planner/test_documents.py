"""The documents people decide with: page budgets, bookmarks, numbers that agree, Dutch text.

Checked as the issue says they will be: pdfinfo for pages, pypdf for the outline, pdftotext for
the text, the HTML editions for the decision numbers on the map and in the list, and axe-core
in headless Chromium for the accessible editions.
"""

from __future__ import annotations

import html as htmllib
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from planner.report.gebiedsdag import PAGE_BUDGET
from planner.report.overlap_report import PAGE_BUDGET as REPORT_BUDGET
from planner.schema import load_schema

BOOKLET = "WK039219-boerhaavewijk"


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if "Pages:" in line))


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page) of every bookmark."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    out: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def booklets(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "gebiedsdag").glob("*.pdf") if p.name != "atlas.pdf")


def check_budgets(folder: Path) -> None:
    assert pdf_pages(folder / "rapport.pdf") <= REPORT_BUDGET
    for path in booklets(folder):
        assert pdf_pages(path) <= PAGE_BUDGET, path.name


def map_numbers(page: str) -> dict[int, str]:
    """Decision number -> 'pair' as the map's text alternative lists them."""
    caption = re.search(r"Genummerde besluitpunten op de kaart: (.*?)\.</figcaption>", page)
    assert caption, "the map has no text alternative with its decision points"
    text = htmllib.unescape(caption.group(1))
    return {int(n): rest for n, rest in re.findall(r"(\d+): (.*?)(?=; \d+: |$)", text)}


def list_numbers(page: str) -> dict[int, tuple[str, str]]:
    """Decision number -> (measure A, measure B) from the decision tables."""
    rows = re.findall(
        r'<tr><td><span class="swatch"[^>]*></span><b>(\d+)</b></td><td><b>(.*?)</b>.*?'
        r"<td><b>(.*?)</b>",
        page,
    )
    return {int(n): (htmllib.unescape(a), htmllib.unescape(b)) for n, a, b in rows}


def test_sample_documents_within_their_page_budgets(sample_output):
    check_budgets(sample_output)
    assert len(booklets(sample_output)) == 21


def test_every_pdf_has_bookmarks_and_contents_with_page_numbers(sample_output):
    booklet = sample_output / "gebiedsdag" / f"{BOOKLET}.pdf"
    marks = outline(booklet)
    titles = [t for _, t, _ in marks]
    assert titles[0] == "Gebiedsdag Boerhaavewijk"
    for part in ("Besluiten (", "Samenhang:", "Tijdlijn", "Maatregelen (", "Cijfers"):
        assert any(t.startswith(part) for t in titles), part
    pages = [p for _, _, p in marks]
    assert pages == sorted(pages) and pages[-1] > 2  # each mark on its own page, in order
    contents = " ".join(pdf_text(booklet).split())
    for _, title, page in marks[1:]:
        assert re.search(re.escape(title) + r"[ .]+" + str(page) + r"\b", contents), title
    report = outline(sample_output / "rapport.pdf")
    assert len(report) >= 6 and report[0][1] == "Overlaprapport Haarlem"
    atlas = outline(sample_output / "gebiedsdag" / "atlas.pdf")
    top = [t for d, t, _ in atlas if d == 0]
    assert top[0] == "Inhoud" and len(top) == 22  # the contents, then one per wijk
    assert "Boerhaavewijk" in top and any(d == 1 for d, _, _ in atlas)


def test_decision_numbers_on_the_map_and_in_the_list_agree(sample_output):
    page = (sample_output / "gebiedsdag" / f"{BOOKLET}.html").read_text(encoding="utf-8")
    on_map, listed = map_numbers(page), list_numbers(page)
    assert on_map and set(on_map) <= set(listed)
    for number, pair in on_map.items():
        a, b = listed[number]
        assert pair.endswith(f"{a} en {b}"), number
    table = pd.read_csv(sample_output / "gebiedsdag" / f"{BOOKLET}-besluiten.csv")
    assert list(table["nummer"]) == list(range(1, len(table) + 1))
    for number, (a, b) in listed.items():
        row = table.iloc[number - 1]
        assert (row["maatregel_a"], row["maatregel_b"]) == (a, b)


def test_counts_agree_across_the_booklet(sample_output):
    path = sample_output / "gebiedsdag" / f"{BOOKLET}.pdf"
    text = " ".join(pdf_text(path).split())
    table = pd.read_csv(sample_output / "gebiedsdag" / f"{BOOKLET}-besluiten.csv")
    n = len(table)
    cover = (sample_output / "gebiedsdag" / f"{BOOKLET}.html").read_text(encoding="utf-8")
    assert f"<b>{n}</b>besluiten te nemen" in cover and f"Besluiten ({n})" in text
    for verdict, part in table.groupby("oordeel"):
        assert f"{verdict.capitalize()} ({len(part)}): besluit" in text
    members = pd.read_csv(sample_output / "stapeling_wijk.csv")
    measures = re.search(r"Maatregelen \((\d+)\)", text)
    assert measures and f"<b>{measures.group(1)}</b>maatregelen · gemiddeld" in cover
    own = members[members["code"] == "WK039219"]
    assert int(own["n_maatregelen"].max()) <= int(measures.group(1))
    # the map's numbers (its text alternative) are the ones the list says are on the map
    from planner.report.labels import number_ranges

    on_map = sorted(map_numbers(cover))
    assert f"(op de kaart: {number_ranges(on_map)};" in text


def test_no_raw_codes_placeholders_or_odd_numbers_in_the_text(sample_output):
    codes = [c for c in load_schema().themes if "_" in c] + ["voorbereiding /", "GM0392"]
    texts = {p.name: pdf_text(p) for p in [*booklets(sample_output), sample_output / "rapport.pdf"]}
    for name, text in texts.items():
        flat = " ".join(text.split())
        for code in codes:
            assert code not in flat, (name, code)
        assert "met 0 dagen ertussen" not in flat, name
        assert "14 0 + netnummer" not in flat and "netnummer" not in flat, name
        assert not re.search(r"\b\d{1,3}(\.\d{3})*,0\b", flat), name  # no '1.155,0'
        assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", flat), name  # one date style
    assert "in Haarlem" in " ".join(texts[f"{BOOKLET}.pdf"].split())


def test_a_long_title_never_runs_into_the_page_number(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from planner.report.document import Document, Heading, Paragraph
    from planner.report.render_pdf import _fit, to_pdf

    footer = "Gebiedsdag " + "Heel lange naam van een gebied " * 12
    for line in _fit(footer, "Helvetica", 7, 400):
        assert stringWidth(line, "Helvetica", 7) <= 400
    doc = Document(title="t", footer=footer).add(Heading("Kop", 1), Paragraph.of("Tekst"))
    path = to_pdf(doc, tmp_path / "lang.pdf")
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in layout.splitlines() if line.strip()]
    number = next(line for line in lines if "pagina 1 van 1" in line)
    assert re.search(r"\S\s{3,}pagina 1 van 1", number) or number.strip() == "pagina 1 van 1"
    assert "…" in layout


@pytest.mark.browser
def test_html_editions_pass_axe_core(sample_output):
    from tests.planner.axe import axe_violations
    from tests.planner.browser import offline_chromium

    pages = [
        sample_output / "rapport.html",
        sample_output / "gebiedsdag" / f"{BOOKLET}.html",
        sample_output / "gebiedsdag" / "WK039201-oude-stad.html",
    ]
    with offline_chromium() as driver:
        for page in pages:
            driver.get(page.resolve().as_uri())
            assert axe_violations(driver) == [], page.name
    for page in (sample_output / "gebiedsdag").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="nl">' in text and "<h1" in text and '<th scope="col"' in text
        for image in re.findall(r"<img [^>]*>", text):
            assert re.search(r'alt="[^"]{10,}"', image), (page.name, image)
        assert text.count("<figcaption>") == text.count("<img ")


@pytest.mark.slow
def test_a_programme_of_3000_measures_in_another_municipality(tmp_path):
    from planner.cli import main
    from tests.planner.programme import run_arguments, write_programme

    out = tmp_path / "uit"
    assert main(run_arguments(write_programme(tmp_path / "in", 3000), out)) == 0
    check_budgets(out)
    first = booklets(out)[0]
    text = " ".join(pdf_text(first).split())
    assert "in Groningen" in text and "GM0014" not in text
    assert any(t.startswith("Besluiten (") for _, t, _ in outline(first))
    pairs = pd.read_csv(out / "overlappingen.csv")
    decided = sum(len(pd.read_csv(p)) for p in (out / "gebiedsdag").glob("*-besluiten.csv"))
    # every decision of the programme is in some area's table (or met outside every area)
    assert decided <= int(pairs["verdict"].isin(["combineren", "volgorde", "spreiden"]).sum())
