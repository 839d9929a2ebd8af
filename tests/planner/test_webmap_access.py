"""kaart.html as residents use it: axe-core, keyboard only, taps on a phone, search, tiles.

Everything runs in a real headless Chromium (tests/planner/browser.py) with axe-core from npm
(tests/planner/axe.py). The browser cannot reach any host but this machine.
"""

from __future__ import annotations

import http.server
import io
import threading
import time

import geopandas as gpd
import pyogrio
import pytest
import shapely

import planner
from planner.cli import main
from planner.errors import OptionError
from planner.report.webmap import PDOK_TILES, background
from tests.planner.axe import axe_violations
from tests.planner.browser import offline_chromium

pytestmark = pytest.mark.browser
API = "return window.gebiedsplanner"
PDOK_HOST = PDOK_TILES.split("/")[2]


@pytest.fixture(scope="module")
def sample_result():
    """The shipped sample, analysed (no reports: the page is made from the result)."""
    return planner.run(None, None, reports=False)


@pytest.fixture(scope="module")
def sample_page(sample_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("kaart") / "kaart.html"
    path.write_text(planner.webmap_page(sample_result), encoding="utf-8")
    return path


def severe(driver, allowed_host: str | None = PDOK_HOST) -> list[str]:
    """Console errors, but for the one failed request of the tile probe when offline."""
    return [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE"
        and not (allowed_host and e["message"].startswith(f"https://{allowed_host}/"))
    ]


SETTLED = (
    "return Array.from(document.querySelectorAll('.leaflet-popup'))"
    ".every(function (p) { return getComputedStyle(p).opacity === '1'; });"
)


def settled(driver) -> None:
    """Wait until an open popup has faded in: axe in the middle of Leaflet's fade measured the
    text half transparent (4.3:1 in a loaded CI run) instead of what a resident sees."""
    assert wait_for(driver, SETTLED, 5)


def wait_for(driver, script: str, timeout: float = 10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {script}")


def offline_notice(driver) -> str | None:
    return driver.execute_script(
        "var n = document.getElementById('gp-achtergrond-melding');"
        "return n.hidden ? null : n.textContent;"
    )


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["laptop", "telefoon"])
def test_axe_finds_nothing_on_the_map(sample_page, size):
    width, height = size
    with offline_chromium(width, height, phone=width < 500) as driver:
        driver.get(sample_page.as_uri())
        assert driver.execute_script(API + ".ready")
        # offline: the fallback to the areas, said in one line
        assert "offline" in wait_for(
            driver,
            "var n = document.getElementById('gp-achtergrond-melding');"
            "return !n.hidden && n.textContent;",
        )
        assert driver.execute_script("return document.documentElement.lang") == "nl"
        content = driver.execute_script(
            "return document.querySelector('meta[name=viewport]').content"
        )
        assert "user-scalable=no" not in content and "maximum-scale" not in content
        # a popup open too, so that its furniture is checked (the close button speaks Dutch)
        assert driver.execute_script(API + ".zoomTo('Boerhaavewijk')")
        assert (
            driver.execute_script(
                "return document.querySelector('.leaflet-popup-close-button')"
                ".getAttribute('aria-label')"
            )
            == "Sluiten"
        )
        assert axe_violations(driver) == []
        labels = driver.execute_script(
            "return Array.from(document.querySelectorAll('.leaflet-control a, button'))"
            ".map(function (a) { return a.getAttribute('aria-label') || a.textContent; })"
        )
        assert "Inzoomen" in labels and "Uitzoomen" in labels
        assert not {"Zoom in", "Zoom out", "Close popup", "Layers"} & set(labels)
        assert severe(driver) == []


def test_the_count_is_announced_and_follows_the_filters(sample_page):
    with offline_chromium() as driver:
        driver.get(sample_page.as_uri())
        status = driver.find_element("id", "gp-telling")
        assert status.get_attribute("aria-live") == "polite"
        driver.execute_script(API + ".setYear(2027)")
        everything = status.text
        assert everything.endswith("maatregelen in 2027")
        total = int(everything.split()[0])
        driver.find_element("id", "gp-hinder").click()
        with_nuisance = int(status.text.split()[0])
        assert 0 < with_nuisance < total and status.text.endswith("met hinder")
        driver.find_element("id", "gp-hinder").click()
        driver.find_element("id", "gp-domein-onderhoud").click()
        assert 0 < int(status.text.split()[0]) < total
        # every listed item passes the filters: no maintenance in the list now
        listed = driver.execute_script(
            "return Array.from(document.querySelectorAll('#gp-lijst-items dd'))"
            ".map(function (d) { return d.textContent; })"
        )
        assert listed and not any(text.startswith("Beheer en onderhoud") for text in listed)
        # the year with the keyboard: the slider moves by arrow keys, the count follows
        from selenium.webdriver.common.keys import Keys

        driver.find_element("id", "gp-jaar").send_keys(Keys.ARROW_RIGHT)
        assert status.text.endswith("in 2028")


def test_keyboard_only_reaches_a_measure_through_the_list(sample_page):
    from selenium.webdriver.common.keys import Keys

    with offline_chromium() as driver:
        driver.get(sample_page.as_uri())
        driver.execute_script(API + ".setYear(2027)")
        body = driver.find_element("tag name", "body")
        body.click()
        seen = []
        for _ in range(80):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            focused = driver.switch_to.active_element
            seen.append(focused.tag_name + "#" + (focused.get_attribute("id") or ""))
            if "gp-naam" in (focused.get_attribute("class") or ""):
                break
        else:
            raise AssertionError(f"no measure in the list within 80 tabs: {seen}")
        # the focus is visible: a solid outline of at least 2 px
        outline = driver.execute_script(
            "var s = getComputedStyle(document.activeElement);"
            "return [s.outlineStyle, parseFloat(s.outlineWidth)];"
        )
        assert outline[0] != "none" and outline[1] >= 2
        name = focused.text
        focused.send_keys(Keys.ENTER)
        popup = driver.execute_script(
            "var a = document.activeElement, p = a.closest('.leaflet-popup');"
            "return p ? [p.querySelector('h2').textContent, p.textContent] : null;"
        )
        assert popup is not None, "the focus did not move into the popup"
        assert popup[0] == name and "Wanneer" in popup[1]
        # the list marks the chosen measure; Escape closes and gives the focus back
        assert (
            driver.execute_script(
                "return document.querySelector('#gp-lijst-items li[aria-current=true] .gp-naam')"
                ".textContent"
            )
            == name
        )
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        wait_for(driver, "return document.querySelector('.leaflet-popup') === null", 2)
        assert driver.switch_to.active_element.text == name
        # and Tab goes on past the map: no trap
        driver.switch_to.active_element.send_keys(Keys.TAB)
        assert driver.switch_to.active_element.text != name


def tap(driver, x: float, y: float) -> None:
    """A real touch: start and end at one point (CSS pixels in the viewport)."""
    point = [{"x": x, "y": y}]
    driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
    driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    time.sleep(0.4)


def close_popup(driver) -> None:
    driver.execute_script("window.gebiedsplanner.map.closePopup()")
    wait_for(driver, "return document.querySelector('.leaflet-popup') === null", 2)


def title_visible(driver) -> str | None:
    """The open popup's title, if elementFromPoint at its centre returns the title."""
    return driver.execute_script(
        "var h = document.querySelector('.leaflet-popup h2'); if (!h) { return null; }"
        "var r = h.getBoundingClientRect();"
        "var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        "return hit && (hit === h || h.contains(hit)) ? h.textContent : null;"
    )


def title_shown(driver, expected: str, timeout: float = 3.0) -> str | None:
    """The popup's title once it is in view (``expected``), or what is in view after ``timeout``.

    A popup pans itself into view with an animation; on a loaded machine that takes longer
    than a fixed pause, and the end state is what a resident sees.
    """
    end = time.monotonic() + timeout
    while True:
        seen = title_visible(driver)
        if seen == expected or time.monotonic() > end:
            return seen
        time.sleep(0.1)


# Where to tap a measure on screen: its point, or 6 px beside the middle of a line (the tap
# tolerance must find thin lines); the map is first centred near the top, so the popup must
# pan into view.
SCREEN_POINT = """
var g = window.gebiedsplanner, map = g.map, name = arguments[0];
map.stop();  // a previous popup's pan into view may still be running
var found = null;
map.eachLayer(function (l) { if (!found && l.feature && l.feature.properties &&
  l.feature.properties.naam === name && l.feature.geometry) { found = l; } });
if (!found) { return null; }
var ll = found.getLatLng ? found.getLatLng() : (function (pts) {
  while (Array.isArray(pts[0])) { pts = pts[0]; } return pts; })(found.getLatLngs());
var line = !found.getLatLng, half = line ? Math.floor(ll.length / 2) : 0;
var a = line ? ll[half - 1] || ll[0] : ll, b = line ? ll[half] : ll;
var mid = line ? L.latLng((a.lat + b.lat) / 2, (a.lng + b.lng) / 2) : ll;
map.setView(mid, 17, {animate: false});
var size = map.getSize();
// put it near the top of the map: a popup there opens above, out of sight, unless it pans
map.panBy([0, size.y / 2 - 60], {animate: false});
var p = map.latLngToContainerPoint(mid);
if (line) {
  var pa = map.latLngToContainerPoint(a), pb = map.latLngToContainerPoint(b);
  var dx = pb.x - pa.x, dy = pb.y - pa.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
  p = p.add(L.point(-dy / len * 6, dx / len * 6));
}
// how many measures the renderer finds there (the same test a tap makes): the test taps only
// where one is, as overlapping works (riool and herinrichting in one street) hide each other
var lp = map.containerPointToLayerPoint(p), r = map.getRenderer(found), under = 0;
Object.keys(r._layers).forEach(function (k) {
  var l = r._layers[k], f = l.feature;
  if (f && f.properties && f.properties.y0 && l._containsPoint(lp)) { under += 1; } });
var box = document.getElementById('gp-kaart').getBoundingClientRect();
return [box.left + p.x, box.top + p.y, under];
"""


def test_taps_on_a_phone_open_popups_whose_title_is_in_view(sample_page):
    with offline_chromium(390, 844, phone=True) as driver:
        driver.get(sample_page.as_uri())
        assert driver.execute_script("return window.innerWidth") == 390
        # the panel is one bar; the legend can be opened
        bar = driver.execute_script(
            "return document.getElementById('gp-paneel').getBoundingClientRect().height"
        )
        assert bar < 80
        assert driver.execute_script(API + ".tolerance") >= 10
        driver.find_element("id", "gp-paneel-knop").click()
        legend = driver.find_element("css selector", "#gp-legenda summary")
        legend.click()
        assert driver.find_element("id", "gp-legenda-inhoud").is_displayed()
        driver.find_element("id", "gp-paneel-knop").click()
        driver.execute_script(API + ".setYear(2027)")
        names = driver.execute_script(
            "var seen = {}, lines = [], points = [];"
            "window.gebiedsplanner.map.eachLayer(function (l) {"
            "  var f = l.feature;"
            "  if (!f || !f.properties || !f.properties.y0 || seen[f.properties.naam]) { return; }"
            "  seen[f.properties.naam] = 1; var t = f.geometry.type;"
            "  (t === 'LineString' ? lines : t === 'Point' ? points : []).push(f.properties.naam);"
            "});"
            "return [lines, points];"
        )
        lines, points = names
        assert len(lines) >= 3 and len(points) >= 2
        opened = []
        for group, wanted in ((lines, 3), (points, 2)):
            done = 0
            for name in group:
                x, y, under = driver.execute_script(SCREEN_POINT, name)
                if under != 1:
                    continue
                tap(driver, x, y)
                assert title_shown(driver, name) == name, (name, x, y)
                opened.append(name)
                close_popup(driver)
                done += 1
                if done == wanted:
                    break
        assert len(opened) == 5, opened
        # a wijk: tap its label's place, zoomed out, where no measure is drawn
        for wijk in ("Boerhaavewijk", "Meerwijk", "Europawijk", "Vogelenwijk", "Duinwijk"):
            driver.execute_script(API + ".zoomTo(arguments[0])", wijk)
            close_popup(driver)
            # m.stop(): the area popup's own pan into view may still be running (slow on a
            # loaded machine) and would move the map after the point is measured
            x, y = driver.execute_script(
                "var g = window.gebiedsplanner, m = g.map, f = null, wijk = arguments[0];"
                "m.stop();"
                "m.eachLayer(function (l) { if (l.feature && l.feature.properties.naam === wijk"
                "  && l.feature.properties.code) { f = l; } });"
                "var c = m.latLngToContainerPoint(f.getBounds().getCenter());"
                "m.panBy([0, c.y - 50], {animate: false});"
                "c = m.latLngToContainerPoint(f.getBounds().getCenter());"
                "var box = document.getElementById('gp-kaart').getBoundingClientRect();"
                "return [box.left + c.x, box.top + c.y];",
                wijk,
            )
            tap(driver, x, y)
            if title_shown(driver, wijk) == wijk:
                break
        else:
            raise AssertionError("no tap on a wijk opened its popup in view")
        assert severe(driver) == []


def test_a_popup_near_the_top_pans_into_view_on_a_laptop(sample_page):
    with offline_chromium(1280, 800) as driver:
        driver.get(sample_page.as_uri())
        driver.execute_script(API + ".setYear(2027)")
        names = driver.execute_script(
            "var n = []; window.gebiedsplanner.map.eachLayer(function (l) {"
            " if (l.feature && l.feature.geometry && l.feature.geometry.type === 'Point'"
            " && l.feature.properties.y0) { n.push(l.feature.properties.naam); } }); return n;"
        )
        for name in names:
            x, y, under = driver.execute_script(SCREEN_POINT, name)
            if under == 1:
                break
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(driver).move_by_offset(x, y).click().perform()
        assert title_shown(driver, name) == name
        # the map selects it in the list
        assert (
            driver.execute_script(
                "var li = document.querySelector('#gp-lijst-items li[aria-current=true]');"
                "return li && li.querySelector('.gp-naam').textContent;"
            )
            == name
        )


def test_search_is_partial_and_blind_to_case_and_accents(sample_page):
    with offline_chromium() as driver:
        driver.get(sample_page.as_uri())
        assert "Boerhaavewijk (wijk)" in driver.execute_script(API + ".find('boerhaave')")
        assert "Boerhaavewijk (wijk)" in driver.execute_script(API + ".find('BOËRHAAVE')")
        assert "Europawijk (wijk)" in driver.execute_script(API + ".find('ropaw')")
        assert driver.execute_script(API + ".find('x')") == []
        measures = driver.execute_script(API + ".find('werkcorner')")
        assert measures and all("werkcorner" in m.lower() for m in measures)
        # typed and chosen with the keyboard: the list shows that wijk
        box = driver.find_element("id", "gp-zoek")
        box.send_keys("boerhaave")
        box.send_keys("\n")
        assert driver.find_element("id", "gp-lijst-kop").text.startswith(
            "Maatregelen in Boerhaavewijk"
        )


POELENBURG = shapely.box(115000, 497000, 116000, 498000)
ROSMOLEN = shapely.box(116000, 497000, 117000, 498000)


@pytest.fixture(scope="module")
def own_programme(tmp_path_factory):
    """A small programme whose address column is mapped to locatie on the command line."""
    folder = tmp_path_factory.mktemp("eigen")
    areas = gpd.GeoDataFrame(
        {"WK_CODE": ["WK047901", "WK047902"], "WK_NAAM": ["Poelenburg", "Rosmolenwijk"]},
        geometry=[POELENBURG, ROSMOLEN],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(areas, folder / "wijken.gpkg")
    buurten = gpd.GeoDataFrame(
        {
            "BU_CODE": ["BU04790101", "BU04790102", "BU04790201"],
            "BU_NAAM": ["Poelenburg-West", "Poelenburg-Oost", "Pélbuurt"],
            "WK_CODE": ["WK047901", "WK047901", "WK047902"],
        },
        geometry=[
            shapely.box(115000, 497000, 115500, 498000),
            shapely.box(115500, 497000, 116000, 498000),
            ROSMOLEN,
        ],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(buurten, folder / "buurten.gpkg")
    rows = [
        (
            "Riool Zuiderweg",
            "onderhoud",
            "riolering",
            "Zuiderweg 12-40",
            shapely.LineString([(115200, 497500), (115800, 497500)]),
        ),
        (
            "Speeltuin Rosmolen",
            "initiatief",
            "spelen",
            "Rosmolenstraat",
            shapely.Point(116500, 497500),
        ),
        ("Buurtkamer", "sociaal", "ontmoeting", None, shapely.Point(115500, 497800)),
    ]
    frame = gpd.GeoDataFrame(
        [
            {
                "naam": n,
                "domein": d,
                "thema": t,
                "start": "2027-03",
                "eind": "2027-09",
                "straatadres": a,
                "geometry": g,
            }
            for n, d, t, a, g in rows
        ],
        geometry="geometry",
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(frame, folder / "programma.gpkg")
    return folder


def run_own(folder, name, *extra):
    out = folder / name
    code = main(
        [
            "run",
            "--measures",
            str(folder / "programma.gpkg"),
            "--areas",
            str(folder / "wijken.gpkg"),
            "--areas",
            str(folder / "buurten.gpkg"),
            "--out",
            str(out),
            "--quiet",
            "--field",
            "locatie=straatadres",
            *extra,
        ]
    )
    assert code == 0
    return out / "kaart.html"


class Tiles(http.server.BaseHTTPRequestHandler):
    """A tile server on this machine: one plain PNG for every /z/x/y.png."""

    asked: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        from PIL import Image

        Tiles.asked.append(self.path)
        buffer = io.BytesIO()
        Image.new("RGB", (256, 256), (230, 236, 240)).save(buffer, "PNG")
        body = buffer.getvalue()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_own_locations_are_searched_and_own_tiles_load(own_programme):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        page = run_own(
            own_programme,
            "met-tegels",
            "--achtergrond",
            f"http://127.0.0.1:{port}/tegels/{{z}}/{{x}}/{{y}}.png",
            "--achtergrond-bron",
            "Tegels van de gemeente",
        )
        with offline_chromium() as driver:
            driver.get(page.as_uri())
            assert wait_for(driver, API + ".tiles")
            wait_for(driver, "return document.querySelectorAll('.leaflet-tile-loaded').length > 2")
            assert offline_notice(driver) is None
            assert (
                "Tegels van de gemeente"
                in driver.find_element("class name", "leaflet-control-attribution").text
            )
            assert any(p.startswith("/tegels/") and p.endswith(".png") for p in Tiles.asked)
            # a street from the data's own address column, a partial wijk name
            found = driver.execute_script(API + ".find('zuiderweg')")
            assert found == ["Riool Zuiderweg, Zuiderweg 12-40 (2027-03 t/m 2027-09)"]
            # the map's areas are the buurten; the wijken are found too, accents or not
            assert driver.execute_script(API + ".find('poelenb')") == [
                "Poelenburg (wijk)",
                "Poelenburg-West (buurt)",
                "Poelenburg-Oost (buurt)",
            ]
            assert driver.execute_script(API + ".find('PELBUURT')") == ["Pélbuurt (buurt)"]
            box = driver.find_element("id", "gp-zoek")
            box.send_keys("rosmolenstr\n")
            assert title_shown(driver, "Speeltuin Rosmolen") == "Speeltuin Rosmolen"
            settled(driver)
            assert axe_violations(driver) == []
            assert severe(driver, None) == []
    finally:
        server.shutdown()


def test_without_background_the_page_asks_nothing(own_programme):
    page = run_own(own_programme, "zonder", "--achtergrond", "geen")
    with offline_chromium() as driver:
        driver.get(page.as_uri())
        assert "gebieden met hun namen" in wait_for(
            driver,
            "var n = document.getElementById('gp-achtergrond-melding');"
            "return !n.hidden && n.textContent;",
        )
        time.sleep(0.5)
        assert severe(driver, None) == []
        urls = [
            e
            for e in driver.get_log("performance")
            if "requestWillBeSent" in e["message"] and ('"url":"http' in e["message"])
        ]
        assert urls == []


@pytest.mark.parametrize(
    "template",
    ["tegels.example/{z}/{x}/{y}.png", "https://tegels.example/{z}/{x}.png", "ftp://x/{z}/{x}/{y}"],
)
def test_a_bad_tile_template_is_refused_clearly(template):
    with pytest.raises(OptionError, match="--achtergrond"):
        background(template)
