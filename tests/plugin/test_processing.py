"""Each algorithm runs through processing.run on real layers and gives what it promises."""

from __future__ import annotations

import subprocess  # nosec B404
from pathlib import Path

import pytest

ALGORITHMS = ["overlappingen", "stapeling", "gebiedsdag_atlas", "webkaart", "heel_programma"]
# vergelijk reads two run folders, not layers (tests/plugin/test_compare_algorithm.py)
PROVIDED = [*ALGORITHMS, "vergelijk"]
REPO = Path(__file__).resolve().parents[2]
ZURICH = (
    REPO / "tests" / "data" / "zurich_baustellen_2014_2015" / "zurich_baustellen_2014_2015.gpkg"
)


def layer(path: Path, name: str, provider: str = "ogr"):
    from qgis.core import QgsVectorLayer

    found = QgsVectorLayer(f"{path}|layername={name}", name, provider)
    assert found.isValid(), f"{path} {name}"
    return found


def measure_layers(folder: Path) -> list:
    """Every layer of the sample programme, as QGIS layers."""
    import pyogrio

    path = folder / "voorbeeldprogramma.gpkg"
    return [layer(path, str(n)) for n in pyogrio.list_layers(path)[:, 0]]


def output_layer(out: dict, key: str = "OUTPUT"):
    """An algorithm's output layer (Processing gives a layer or its id in the context)."""
    from qgis.core import QgsProcessingUtils

    result = out[key]
    if hasattr(result, "featureCount"):
        return result
    return QgsProcessingUtils.mapLayerFromString(result, None)


def memory_copy(source):
    """The same features in a memory layer: any provider must do."""
    from qgis.core import QgsVectorLayer

    mem = QgsVectorLayer(f"{_wkb(source)}?crs={source.crs().authid()}", source.name(), "memory")
    mem.dataProvider().addAttributes(source.fields().toList())
    mem.updateFields()
    mem.dataProvider().addFeatures(list(source.getFeatures()))
    return mem


def _wkb(source):
    from qgis.core import QgsWkbTypes

    name = QgsWkbTypes.displayString(source.wkbType())
    return name if name not in ("Unknown", "GeometryCollection") else "GeometryCollection"


def run_alg(name: str, params: dict, feedback=None) -> dict:
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return processing.run(f"gebiedsplanner:{name}", params, feedback=feedback, context=context)


def error_of(name: str, params: dict, feedback=None) -> str:
    """The message of the QgsProcessingException the algorithm raises ('' if none).

    Only the text leaves this function: a kept traceback would hold QGIS objects (context,
    feedback) past QGIS's own exit, and Python would then crash on deleting them.
    """
    import gc

    from qgis.core import QgsProcessingException

    message = ""
    try:
        run_alg(name, params, feedback=feedback)
    except QgsProcessingException as exc:
        message = str(exc)
    del feedback
    gc.collect()
    return message


@pytest.fixture
def planner_lib(installed):
    import planner

    # the library the zip carries, not the working tree's
    assert "python/plugins/gebiedsplanner/libs/planner" in Path(planner.__file__).as_posix()
    return planner


def test_provider_is_registered_with_its_algorithms(installed):
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("gebiedsplanner")
    assert provider is not None and provider.name() == "Gebiedsplanner"
    assert sorted(a.name() for a in provider.algorithms()) == sorted(PROVIDED)
    for alg in provider.algorithms():
        keys = [p.name() for p in alg.parameterDefinitions()]
        assert all(k == k.upper() for k in keys), keys
        assert alg.createInstance() is not alg and type(alg.createInstance()) is type(alg)
        assert alg.shortHelpString()


def test_overlaps_on_the_sample_equal_the_library(installed, planner_lib, sample):
    layers = measure_layers(sample)
    areas = layer(sample / "haarlem_wijken_2024.gpkg", "wijken")
    out = run_alg(
        "overlappingen",
        {"MEASURES": layers, "AREAS": areas, "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    result = output_layer(out)
    expected = planner_lib.run(
        [sample / "voorbeeldprogramma.gpkg"], [sample / "haarlem_wijken_2024.gpkg"], reports=False
    )
    assert result.featureCount() == len(expected.overlaps) > 500  # the distance rules' pairs
    names = result.fields().names()
    for column in ("measure_a", "measure_b", "rule", "verdict", "distance_m", "uitleg"):
        assert column in names
    got = sorted((f["measure_a"], f["measure_b"], f["rule"]) for f in result.getFeatures())
    want = sorted(
        zip(
            expected.overlaps["measure_a"],
            expected.overlaps["measure_b"],
            expected.overlaps["rule"],
            strict=True,
        )
    )
    assert got == want


def test_overlaps_from_memory_layers_of_foreign_data_with_a_field_mapping(
    installed, planner_lib, tmp_path
):
    """Zürich's works (not Dutch, own field names, LV95) from a memory layer."""
    source = layer(ZURICH, "stadt_tiefbaustellen")
    mem = memory_copy(source)
    assert mem.providerType() == "memory" and mem.featureCount() == source.featureCount()
    out = run_alg(
        "overlappingen",
        {
            "MEASURES": [mem],
            "FIELD_MAPPING": "id=Baunummer; naam=Name; start=Baubeginn; eind=Bauende",
            "DEFAULTS": "domein=onderhoud; thema=riolering",
            "CRS": "EPSG:2056",
            "OUTPUT": str(tmp_path / "paren.gpkg"),
        },
    )
    got = layer(Path(out["OUTPUT"]), "paren")
    mapping = planner_lib.parse_mapping_options(
        ["id=Baunummer", "naam=Name", "start=Baubeginn", "eind=Bauende"],
        ["domein=onderhoud", "thema=riolering"],
    )
    ms = planner_lib.read_measures(
        ZURICH, layers=["stadt_tiefbaustellen"], mapping=mapping, crs="EPSG:2056"
    )
    expected = planner_lib.find_overlaps(ms, planner_lib.load_rules())
    assert got.featureCount() == len(expected)
    assert got.crs().authid() == "EPSG:2056"


def test_stacking_layer_per_area_and_period(installed, planner_lib, sample):
    layers = measure_layers(sample)
    areas = layer(sample / "haarlem_wijken_2024.gpkg", "wijken")
    out = run_alg(
        "stapeling",
        {
            "MEASURES": layers,
            "AREAS": areas,
            "NEED_FIELD": "AANT_INW",
            "PERIOD": 0,
            "OUTPUT": "memory:",
        },
    )
    result = output_layer(out)
    expected = planner_lib.run(
        [sample / "voorbeeldprogramma.gpkg"],
        [sample / "haarlem_wijken_2024.gpkg"],
        layers=None,
        area_layers=["wijken"],
        need="AANT_INW",
        reports=False,
    ).stacking["wijk"]
    assert result.featureCount() == len(expected)
    names = result.fields().names()
    for column in (
        "code",
        "periode",
        "n_maatregelen",
        "hinderlast",
        "stapeling",
        "periode_van",
        "periode_tot",
    ):
        assert column in names
    got = {(f["code"], f["periode"]): f["hinderlast"] for f in result.getFeatures()}
    for row in expected.itertuples():
        assert got[(row.code, row.periode)] == pytest.approx(row.hinderlast)


def test_atlas_pdf_has_one_page_per_area_and_the_layout_is_in_the_project(
    installed, sample, tmp_path
):
    from qgis.core import QgsProject

    layers = measure_layers(sample)
    QgsProject.instance().addMapLayers(layers)
    areas = layer(sample / "haarlem_wijken_2024.gpkg", "wijken")
    pdf = tmp_path / "atlas.pdf"
    out = run_alg("gebiedsdag_atlas", {"MEASURES": layers, "AREAS": areas, "OUTPUT": str(pdf)})
    assert Path(out["OUTPUT"]) == pdf and pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout  # nosec
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == areas.featureCount() == 21
    assert "A4" in info or "841.89 x 595.276" in info or "842 x 595" in info
    layout = QgsProject.instance().layoutManager().layoutByName(out["LAYOUT"])
    assert layout is not None and layout.atlas().enabled()
    assert layout.atlas().coverageLayer().featureCount() == 21
    from qgis.core import QgsLayoutItemMap

    maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
    # the map keeps its place on the page for every area (the atlas must not reshape it)
    assert len(maps) == 1 and maps[0].sizeWithUnits().height() == pytest.approx(112)
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "21", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # nosec
    pages_text = text.split("\f")
    names = sorted(f["WK_NAAM"] for f in areas.getFeatures())
    # one page per area, in the order of their names, each with its own name and tables
    for name, page in zip(names, pages_text, strict=False):
        assert page.startswith(name), (name, page[:80])
        assert "Maatregelen (eerste" in page and "Overlappingen hier" in page
    first = pages_text[0]
    assert "Periode" in first and "Oordeel" in first  # table headers are text, not outlines
    QgsProject.instance().removeAllMapLayers()


def test_web_map_is_one_offline_file(installed, sample, tmp_path):
    layers = measure_layers(sample)
    areas = layer(sample / "haarlem_wijken_2024.gpkg", "wijken")
    target = tmp_path / "bewoners" / "kaart.html"
    out = run_alg(
        "webkaart", {"MEASURES": layers, "AREAS": areas, "TITLE": "Haarlem", "OUTPUT": str(target)}
    )
    html = Path(out["OUTPUT"]).read_text(encoding="utf-8")
    assert "Haarlem" in html and "L.map" in html
    assert 'src="http' not in html and 'href="http' not in html.replace(
        'href="https://www.openstreetmap.org/copyright"', ""
    )


def test_whole_programme_writes_everything_into_one_folder(installed, sample, tmp_path):
    import json

    import pandas as pd

    from planner import run

    layers = measure_layers(sample)
    areas = layer(sample / "haarlem_wijken_2024.gpkg", "wijken")
    folder = tmp_path / "uitvoer"
    # the cycle as on a gebiedsdag: one overlap decided, one measure left out in a scenario
    first = run(sample / "voorbeeldprogramma.gpkg", sample / "haarlem_wijken_2024.gpkg")
    pairs = first.overlaps
    kept = ~pairs["measure_a"].eq("OR-0009") & ~pairs["measure_b"].eq("OR-0009")
    pair = pairs[(pairs["verdict"] == "combineren") & kept].iloc[0]
    decisions = tmp_path / "besluiten.csv"
    decisions.write_text(
        "regel,maatregel_a,maatregel_b,besluit,toelichting,datum,door\n"
        f"{pair['rule']},{pair['measure_a']},{pair['measure_b']},combineren,samen,2026-11-20,"
        "gebiedsteam\n",
        encoding="utf-8",
    )
    scenario = tmp_path / "scenario.toml"
    scenario.write_text('[[wijziging]]\nid = "OR-0009"\nweglaten = true\n', encoding="utf-8")
    out = run_alg(
        "heel_programma",
        {
            "MEASURES": layers,
            "AREAS": areas,
            "DECISIONS": str(decisions),
            "SCENARIO": str(scenario),
            "OUTPUT": str(folder),
        },
    )
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert record["besluiten"]["besluiten"] == {"toegepast": 1}, record["besluiten"]
    assert record["scenario"]["wijzigingen"] and "OR-0009" in record["scenario"]["wijzigingen"][0]
    pairs = pd.read_csv(folder / "overlappingen.csv", dtype=str)
    assert "OR-0009" not in set(pairs["measure_a"]) | set(pairs["measure_b"])
    assert (pairs["besluit_status"] == "besloten").sum() == 1
    for name in (
        "gebiedsplanner.gpkg",
        "overlappingen.csv",
        "rapport.pdf",
        "kaart.html",
        "run.json",
    ):
        assert (folder / name).exists(), name
    assert Path(out["ATLAS"]).exists() and Path(out["ATLAS"]).parent == folder / "gebiedsdag"
    assert out["OVERLAPS"].endswith("layername=overlappingen")
    assert layer(folder / "gebiedsplanner.gpkg", "stapeling_wijk").featureCount() > 0
    assert layer(folder / "gebiedsplanner.gpkg", "samenhang_wijk").featureCount() > 0


@pytest.mark.parametrize("name", ALGORITHMS)
def test_cancelling_stops_the_algorithm_and_writes_nothing(installed, sample, tmp_path, name):
    from qgis.core import QgsProcessingFeedback

    class CancelAfterFirstStep(QgsProcessingFeedback):
        def setProgressText(self, text):  # noqa: N802
            super().setProgressText(text)
            self.cancel()

    # Layers by their source: QGIS 3.22 keeps the parameters of an algorithm that raised, and
    # a layer object held there would outlive QGIS (see conftest.collect_qgis_objects).
    layers = [lyr.source() for lyr in measure_layers(sample)]
    areas = f"{sample / 'haarlem_wijken_2024.gpkg'}|layername=wijken"
    target = tmp_path / {
        "gebiedsdag_atlas": "atlas.pdf",
        "webkaart": "kaart.html",
        "heel_programma": "uitvoer",
    }.get(name, "uit.gpkg")
    params = {"MEASURES": layers, "AREAS": areas, "OUTPUT": str(target)}
    assert "Afgebroken" in error_of(name, params, CancelAfterFirstStep())
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["voorbeeldprogramma.gpkg", "haarlem_wijken_2024.gpkg"]
    )


def test_bad_input_is_a_clear_processing_error(installed, tmp_path):
    params = {
        "MEASURES": [f"{ZURICH}|layername=stadt_tiefbaustellen"],
        "FIELD_MAPPING": "start=Bauanfang",
        "CRS": "EPSG:2056",
        "OUTPUT": "memory:",
    }
    message = error_of("overlappingen", params)
    assert "Bauanfang" in message and "--field" in message


def test_results_loaded_into_the_project_get_the_shipped_styles(installed, sample, layer_tree_view):
    import processing
    from qgis.core import QgsProject

    layers = measure_layers(sample)
    areas = layer(sample / "haarlem_wijken_2024.gpkg", "wijken")
    project = QgsProject.instance()
    before = set(project.mapLayers())
    processing.runAndLoadResults(
        "gebiedsplanner:overlappingen",
        {"MEASURES": layers, "AREAS": areas, "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    processing.runAndLoadResults(
        "gebiedsplanner:stapeling",
        {"MEASURES": layers, "AREAS": areas, "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    loaded = [project.mapLayer(i) for i in set(project.mapLayers()) - before]
    by_field = {lyr.renderer().type(): lyr for lyr in loaded if lyr.renderer() is not None}
    overlaps = by_field["categorizedSymbol"]
    assert overlaps.renderer().classAttribute() == "verdict"
    assert {c.value() for c in overlaps.renderer().categories()} == {
        "combineren",
        "volgorde",
        "spreiden",
        "samenhang",
    }
    stacking = by_field["graduatedSymbol"]
    assert stacking.renderer().classAttribute() == "hinderlast"
    # a choropleth per year: QGIS's temporal controller steps through the periods
    props = stacking.temporalProperties()
    assert props.isActive() and props.startField() == "periode_van"
    project.removeAllMapLayers()


def test_an_algorithm_runs_inside_a_graphical_model(installed, planner_lib, sample, tmp_path):
    """The modeler: a model with the overlap algorithm as its child, run like any algorithm."""
    import processing
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterMultipleLayers,
        QgsProcessingParameterVectorLayer,
    )

    model = QgsProcessingModelAlgorithm("gebiedsplanner-model", "tests")
    model.addModelParameter(
        QgsProcessingParameterMultipleLayers("maatregelen", "maatregelen"),
        QgsProcessingModelParameter("maatregelen"),
    )
    model.addModelParameter(
        QgsProcessingParameterVectorLayer("gebieden", "gebieden"),
        QgsProcessingModelParameter("gebieden"),
    )
    child = QgsProcessingModelChildAlgorithm("gebiedsplanner:overlappingen")
    child.setChildId("paren")
    child.addParameterSources(
        "MEASURES", [QgsProcessingModelChildParameterSource.fromModelParameter("maatregelen")]
    )
    child.addParameterSources(
        "AREAS", [QgsProcessingModelChildParameterSource.fromModelParameter("gebieden")]
    )
    output = QgsProcessingModelOutput("paren", "paren")
    output.setChildOutputName("OUTPUT")
    child.setModelOutputs({"paren": output})
    model.addChildAlgorithm(child)
    target = tmp_path / "paren.gpkg"
    layers = [lyr.source() for lyr in measure_layers(sample)]
    # the model's own name for the output: "paren:paren" in QGIS 3.22, "paren" from 3.40 on
    (sink,) = [p.name() for p in model.destinationParameterDefinitions()]
    assert sink in ("paren:paren", "paren")
    result = processing.run(
        model,
        {
            "maatregelen": layers,
            "gebieden": f"{sample / 'haarlem_wijken_2024.gpkg'}|layername=wijken",
            sink: str(target),
        },
    )
    got = layer(Path(result[sink].split("|")[0]), "paren")
    expected = planner_lib.run(
        [sample / "voorbeeldprogramma.gpkg"], [sample / "haarlem_wijken_2024.gpkg"], reports=False
    )
    assert got.featureCount() == len(expected.overlaps) > 0
