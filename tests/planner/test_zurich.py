"""Real works: Zürich's road, sewer and utility works 2014-2015 (tests/data, see SOURCE.md).

Its own CRS (EPSG:2056, metres) and its own field names, brought in with --field mappings.
"""

import pandas as pd
import pytest

from planner.cli import main
from planner.mapping import parse_mapping_options
from planner.read import read_measures
from tests.planner.reference import brute_force_pairs

CITY = [
    "--layer", "stadt_tiefbaustellen", "--crs", "EPSG:2056",
    "--field", "id=Baunummer", "--field", "naam=Name", "--field", "start=Baubeginn",
    "--field", "eind=Bauende", "--field", "eigenaar=owner",
    "--field", "omschrijving=Projektbeschrieb", "--default", "domein=onderhoud",
]  # fmt: skip


def test_city_works_are_read_with_field_mapping(zurich):
    mapping = parse_mapping_options(
        ["id=Baunummer", "naam=Name", "start=Baubeginn", "eind=Bauende"], ["domein=onderhoud"]
    )
    ms = read_measures(zurich, layers=["stadt_tiefbaustellen"], mapping=mapping, crs="EPSG:2056")
    assert ms.n_read == 53 and len(ms.measures) + len(ms.rejected) == 53
    assert len(ms.measures) >= 50
    first = ms.measures.set_index("id").loc["05090"]
    assert (first["start"], first["eind"]) == ("2014-10-06", "2015-04-30")
    minx, miny, _, _ = ms.measures.total_bounds
    assert minx > 2_600_000 and miny > 1_200_000  # still in LV95 metres
    assert set(ms.measures["domein"]) == {"onderhoud"}
    assert "Url" in ms.measures.columns  # a column outside the schema is kept (internal)


@pytest.mark.parametrize(("distance", "gap"), [(0, 0), (50, 0), (200, 1)])
def test_city_overlaps_equal_brute_force(zurich, tmp_path, distance, gap):
    out = tmp_path / "paren.csv"
    args = [
        "overlaps",
        str(zurich),
        *CITY,
        "--distance",
        str(distance),
        "--time-gap",
        str(gap),
        "--out",
        str(out),
    ]
    assert main(args) == 0
    pairs = pd.read_csv(out, dtype={"measure_a": str, "measure_b": str})
    mapping = parse_mapping_options(
        ["id=Baunummer", "naam=Name", "start=Baubeginn", "eind=Bauende"], ["domein=onderhoud"]
    )
    ms = read_measures(zurich, layers=["stadt_tiefbaustellen"], mapping=mapping, crs="EPSG:2056")
    kind = "overlap" if gap == 0 else "binnen"
    expected = brute_force_pairs(ms.measures, distance, kind, round(gap * 12))
    found = {tuple(sorted(p)) for p in zip(pairs["measure_a"], pairs["measure_b"], strict=True)}
    assert found == expected
    assert len(found) == len(pairs)
    if distance == 200:
        assert len(found) > 10  # the set is not trivially empty


def test_canton_layer_with_its_own_names(zurich, tmp_path):
    out = tmp_path / "kanton.csv"
    args = [
        "overlaps",
        str(zurich),
        "--layer",
        "kanton_baustellen",
        "--crs",
        "EPSG:2056",
        "--field",
        "naam=strassenname",
        "--field",
        "start=start_date",
        "--field",
        "eind=end_date",
        "--field",
        "omschrijving=beschreibung",
        "--default",
        "domein=onderhoud",
        "--distance",
        "10000",
        "--time-gap",
        "0",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    pairs = pd.read_csv(out)
    assert len(pairs) >= 1
    assert pairs["measure_a"].str.startswith("kanton_baustellen-").all()
