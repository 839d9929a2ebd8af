import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from planner.areas import (
    Partition,
    locate_on_levels,
    locate_points,
    place_measures,
    read_areas,
)
from planner.errors import InputError

SQ = "POLYGON (({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def square(x0, y0, x1, y1):
    return SQ.format(x0=x0, y0=y0, x1=x1, y1=y1)


def write_areas(path, layer, columns, geoms):
    frame = gpd.GeoDataFrame(
        columns, geometry=[shapely.from_wkt(g) for g in geoms], crs="EPSG:28992"
    )
    pyogrio.write_dataframe(frame, path, layer=layer, append=path.exists())


@pytest.mark.parametrize(
    ("columns", "level", "name"),
    [
        ({"BU_CODE": ["BU03920101"], "BU_NAAM": ["Centrum"], "AANT_INW": [10]}, "buurt", "Centrum"),
        (
            {"buurtcode": ["BU03920101"], "buurtnaam": ["Centrum"], "wijkcode": ["WK039201"]},
            "buurt",
            "Centrum",
        ),
        (
            {"WK_CODE": ["WK039201"], "WK_NAAM": ["Oude Stad"], "GM_CODE": ["GM0392"]},
            "wijk",
            "Oude Stad",
        ),
        ({"gemeentecode": ["GM0392"], "gemeentenaam": ["Haarlem"]}, "gemeente", "Haarlem"),
        ({"code": ["SD-N"], "naam": ["Noord"], "inwoners": [5]}, "stadsdelen", "Noord"),
    ],
)
def test_cbs_and_plain_columns_are_recognised(tmp_path, columns, level, name):
    path = tmp_path / "a.gpkg"
    write_areas(path, "stadsdelen", columns, [square(0, 0, 10, 10)])
    areas = read_areas(path)
    assert areas.levels == [level]
    assert areas.get(level).areas["naam"].tolist() == [name]


def test_population_columns_are_recognised(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(path, "w", {"WK_CODE": ["WK000101"], "AANT_INW": [1234]}, [square(0, 0, 1, 1)])
    assert read_areas(path).get("wijk").areas["inwoners"].tolist() == [1234]


def test_layer_without_code_column_stops(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(path, "vlakken", {"omschrijving": ["x"]}, [square(0, 0, 1, 1)])
    with pytest.raises(InputError, match="geen kolom met een gebiedscode"):
        read_areas(path)


def test_nesting_by_code_rolls_buurt_to_wijk_to_gemeente(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(
        path,
        "buurten",
        {"BU_CODE": ["BU00010101", "BU00010201"]},
        [square(0, 0, 10, 10), square(10, 0, 20, 10)],
    )
    write_areas(
        path,
        "wijken",
        {"WK_CODE": ["WK000101", "WK000102"]},
        [square(0, 0, 10, 10), square(10, 0, 20, 10)],
    )
    write_areas(path, "gemeenten", {"GM_CODE": ["GM0001"]}, [square(0, 0, 20, 10)])
    areas = read_areas(path)
    assert areas.levels == ["buurt", "wijk", "gemeente"]
    assert areas.get("buurt").areas["ouder"].tolist() == ["WK000101", "WK000102"]
    assert areas.get("wijk").areas["ouder"].tolist() == ["GM0001", "GM0001"]
    assert areas.nesting["buurt"]["afgeleid"] == "code"


def test_nesting_by_largest_overlap_for_own_clusters(tmp_path):
    path = tmp_path / "a.gpkg"
    # cluster 'west' covers x 0..12, 'oost' 12..20: wijk 2 (10..20) is mostly in oost
    write_areas(
        path,
        "wijken",
        {"WK_CODE": ["WK000101", "WK000102"]},
        [square(0, 0, 10, 10), square(10, 0, 20, 10)],
    )
    write_areas(
        path, "clusters", {"code": ["west", "oost"]}, [square(0, 0, 12, 10), square(12, 0, 30, 10)]
    )
    areas = read_areas(path)
    assert areas.levels == ["wijk", "clusters"]
    assert areas.get("wijk").areas["ouder"].tolist() == ["west", "oost"]
    assert areas.nesting["wijk"]["afgeleid"] == "overlap"


def test_shipped_haarlem_areas_nest_and_take_indicators(sample_dir):
    areas = read_areas(
        sample_dir / "haarlem_wijken_2024.gpkg",
        indicators=sample_dir / "haarlem_kerncijfers_2024.csv",
    )
    wijken = areas.get("wijk").areas
    assert len(wijken) == 21 and wijken["inwoners"].sum() == 167_635
    assert set(wijken["ouder"]) == {"GM0392"}
    oude_stad = wijken.set_index("code").loc["WK039201"]
    assert oude_stad["INK_INW_X1000"] == pytest.approx(48.4)


def test_duplicate_area_codes_stop(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(
        path, "w", {"WK_CODE": ["WK000101", "WK000101"]}, [square(0, 0, 1, 1), square(1, 0, 2, 1)]
    )
    with pytest.raises(InputError, match="meer dan eens"):
        read_areas(path)


def test_apportioning_polygon_line_point_and_codes(make_measures, make_areas):
    areas = make_areas(
        {
            "wijk": [("W1", square(0, 0, 100, 100)), ("W2", square(100, 0, 200, 100))],
            "gemeente": [("G", square(0, 0, 200, 100))],
        }
    )
    ms = make_measures(
        [
            {"wkt": square(50, 0, 100, 100)},  # wholly in W1 (touches W2 only on the edge)
            {"wkt": square(75, 0, 175, 100)},  # 25 % in W1, 75 % in W2
            {"wkt": "LINESTRING (90 50, 130 50)"},  # 10 m in W1, 30 m in W2
            {"wkt": "POINT (100 50)"},  # on the border: half each
            {"wkt": None, "gebiedscode": "W2"},  # via code, and its parent
            {"wkt": None, "gebiedscode": "W9"},  # unknown
            {"wkt": "POINT (500 500)"},  # outside every area
        ]
    )
    membership, problems = place_measures(ms.measures, areas)
    codes = {lv: areas.get(lv).areas["code"].tolist() for lv in areas.levels}
    share = {(r.m, r.niveau, codes[r.niveau][r.gebied]): r.aandeel for r in membership.itertuples()}
    assert share[(1, "wijk", "W1")] == pytest.approx(0.25)
    assert share[(1, "wijk", "W2")] == pytest.approx(0.75)
    assert share[(2, "wijk", "W1")] == pytest.approx(0.25)
    assert share[(2, "wijk", "W2")] == pytest.approx(0.75)
    assert share[(3, "wijk", "W1")] == pytest.approx(0.5)
    assert share[(3, "wijk", "W2")] == pytest.approx(0.5)
    assert share[(4, "wijk", "W2")] == 1 and share[(4, "gemeente", "G")] == 1
    assert share[(0, "wijk", "W1")] == pytest.approx(1.0)
    assert (0, "wijk", "W2") not in share  # touching a border is not lying in the area
    assert membership.groupby(["m", "niveau"])["aandeel"].sum().round(9).eq(1).all()
    assert problems["code_onbekend"] == [5]
    assert problems["buiten"] == {6: ["wijk", "gemeente"]}


@pytest.mark.parametrize("order", [["West", "Oost"], ["Oost", "West"]])
def test_a_point_on_a_border_goes_to_the_area_listed_first(order):
    boxes = {"West": shapely.box(0, 0, 10, 10), "Oost": shapely.box(10, 0, 20, 10)}
    frame = gpd.GeoDataFrame(
        {"code": order, "naam": order}, geometry=[boxes[c] for c in order], crs="EPSG:28992"
    )
    part = Partition("buurt", frame)
    points = np.array([shapely.Point(10, 5), shapely.Point(3, 3), None, shapely.Point(50, 50)])
    located = locate_points(points, part)
    assert located.tolist() == [0, order.index("West"), -1, -1]


def test_points_located_a_few_at_a_time_land_where_they_land_all_at_once(monkeypatch):
    # a 4 x 4 grid of squares; points inside, on borders and corners, missing and outside
    boxes = [shapely.box(x, y, x + 10, y + 10) for x in range(0, 40, 10) for y in range(0, 40, 10)]
    frame = gpd.GeoDataFrame(
        {"code": [f"B{k}" for k in range(16)]}, geometry=boxes, crs="EPSG:28992"
    )
    frame["naam"] = frame["code"]
    part = Partition("buurt", frame)
    rng = np.random.default_rng(7)
    xy = np.vstack([rng.uniform(-5, 45, (300, 2)), rng.integers(0, 5, (100, 2)) * 10.0])
    points = shapely.points(xy)
    points[::11] = None
    whole = locate_points(points, part)
    monkeypatch.setattr("planner.areas.LOCATE_CHUNK", 7)
    assert locate_points(points, part).tolist() == whole.tolist()
    # the test means something: points inside, on borders (first area) and outside all occur
    assert (whole == -1).sum() > 20 and len(set(whole.tolist())) == 17


def test_points_located_on_several_levels_at_once_land_in_the_first_area_they_touch(
    monkeypatch,
):
    # two levels that do not nest (a 4 x 4 grid and a shifted 3 x 3 one), located with one tree
    # of points per chunk of 7: every point in the first area of each level it touches, as one
    # test of the point against every area says
    def grid(size: float, shift: float, n: int) -> Partition:
        boxes = [
            shapely.box(x, y, x + size, y + size)
            for x in np.arange(n) * size + shift
            for y in np.arange(n) * size + shift
        ]
        codes = [f"B{k}" for k in range(len(boxes))]
        frame = gpd.GeoDataFrame({"code": codes, "naam": codes}, geometry=boxes, crs="EPSG:28992")
        return Partition("buurt", frame)

    parts = [grid(10, 0, 4), grid(13, 1, 3)]
    rng = np.random.default_rng(11)
    xy = np.vstack([rng.uniform(-5, 45, (300, 2)), rng.integers(0, 5, (100, 2)) * 10.0])
    points = shapely.points(xy)
    points[::13] = None
    monkeypatch.setattr("planner.areas.LOCATE_CHUNK", 7)
    located = locate_on_levels(points, parts)
    for part, where in zip(parts, located, strict=True):
        areas = np.asarray(part.areas.geometry.array)
        expected = [
            -1 if p is None else next(iter(np.flatnonzero(shapely.intersects(areas, p))), -1)
            for p in points
        ]
        assert where.tolist() == expected
    assert (located[0] != located[1]).any() and (located[1] == -1).sum() > (located[0] == -1).sum()


def test_levels_that_do_not_nest_are_warned(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(
        path,
        "wijken",
        {"WK_CODE": ["WK000101", "WK000102"]},
        [square(0, 0, 10, 10), square(10, 0, 20, 10)],
    )
    # cluster 'west' takes 2 of wijk 2's 10 metres: 20% of it lies outside its parent 'oost'
    write_areas(
        path, "clusters", {"code": ["west", "oost"]}, [square(0, 0, 12, 10), square(12, 0, 30, 10)]
    )
    areas = read_areas(path)
    assert areas.nesting["wijk"]["niet_genest"] == 1
    (warning,) = areas.warnings
    assert "niveau wijk passen niet binnen die van clusters" in warning
    assert "1 van de 2" in warning and "WK000102, 20%" in warning


def test_levels_that_nest_give_no_warning(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(
        path,
        "buurten",
        {"BU_CODE": ["BU00010101", "BU00010201"]},
        [square(0, 0, 10, 10), square(10, 0, 20, 10)],
    )
    # borders drawn at another scale: 0.5% off is still nesting
    write_areas(
        path,
        "wijken",
        {"WK_CODE": ["WK000101", "WK000102"]},
        [square(0, 0, 10.05, 10), square(10.05, 0, 20, 10)],
    )
    areas = read_areas(path)
    assert areas.nesting["buurt"]["niet_genest"] == 0 and areas.warnings == []


def test_an_area_without_code_gets_one_with_a_warning_never_an_empty_code(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(
        path,
        "wijken",
        {"WK_CODE": ["WK000101", None, "  "], "AANT_INW": [10, 20, 30]},
        [square(0, 0, 10, 10), square(10, 0, 20, 10), square(20, 0, 30, 10)],
    )
    areas = read_areas(path)
    codes = areas.get("wijk").areas["code"].tolist()
    assert codes == ["WK000101", "wijken-2", "wijken-3"]
    assert "" not in codes
    (warning,) = areas.warnings
    assert "2 gebied(en) zonder code (fid 2, 3)" in warning and "'wijken-2'" in warning


def test_numeric_area_codes_with_a_null_are_not_written_as_decimals(tmp_path):
    path = tmp_path / "a.gpkg"
    write_areas(
        path, "clusters", {"code": [7, None]}, [square(0, 0, 10, 10), square(10, 0, 20, 10)]
    )
    assert read_areas(path).get("clusters").areas["code"].tolist() == ["7", "clusters-2"]


def test_an_area_with_impossible_coordinates_is_left_out_with_a_warning(tmp_path):
    path = tmp_path / "a.gpkg"
    broken = shapely.Polygon([(10, 0), (20, 0), (np.nan, 10), (10, 0)])
    frame = gpd.GeoDataFrame(
        {"WK_CODE": ["WK000101", "WK000102"]},
        geometry=[shapely.from_wkt(square(0, 0, 10, 10)), broken],
        crs="EPSG:28992",
    )
    pyogrio.write_dataframe(frame, path, layer="wijken")
    areas = read_areas(path)
    assert areas.get("wijk").areas["code"].tolist() == ["WK000101"]
    assert "onbruikbare coördinaten" in areas.warnings[0] and "fid 2" in areas.warnings[0]


def _union_calls(monkeypatch):
    calls = []
    real = shapely.union_all

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(shapely, "union_all", counted)
    return calls


def test_a_clean_partition_is_checked_for_overlap_without_a_union(tmp_path, monkeypatch):
    path = tmp_path / "a.gpkg"
    cells = [square(x, y, x + 10, y + 10) for x in range(0, 100, 10) for y in range(0, 50, 10)]
    write_areas(path, "wijken", {"WK_CODE": [f"WK0001{k:02d}" for k in range(50)]}, cells)
    calls = _union_calls(monkeypatch)
    areas = read_areas(path)
    assert not [w for w in areas.warnings if "overlappen" in w]
    assert calls == []  # the neighbours' shared borders have no area: no union needed


@pytest.mark.parametrize(
    ("extra", "warned", "share"),
    [
        # two areas sharing a strip of 1 x 100 m: 100 of 20,000 m2 in more than one, 0.5 %
        ([square(99, 0, 200, 100)], True, "0.5%"),
        # five copies of one 10 x 10 square beside a large area: a spot in five areas counts
        # 4 x 100 m2 in the overlap (0.07 %, within the tolerance) but 10 x 100 m2 in the sum
        # over every two neighbours (0.17 %), so only the union can tell
        ([square(1000, 0, 1010, 10)] * 5, False, None),
    ],
)
def test_overlapping_areas_are_named_with_their_share(tmp_path, monkeypatch, extra, warned, share):
    path = tmp_path / "a.gpkg"
    big = [square(0, 0, 100, 100)] if warned else [square(0, 0, 600, 1000)]
    geoms = big + extra
    write_areas(path, "wijken", {"WK_CODE": [f"WK0001{k:02d}" for k in range(len(geoms))]}, geoms)
    calls = _union_calls(monkeypatch)
    said = [w for w in read_areas(path).warnings if "overlappen" in w]
    assert calls == [1]
    if warned:
        assert len(said) == 1 and f"({share} van de oppervlakte ligt in meer" in said[0]
    else:
        assert said == []
