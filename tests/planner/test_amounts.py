import pytest

from planner.amounts import parse_amount
from planner.errors import ValueParseError


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("EUR 1.250.000,-", 1_250_000),
        ("€ 1.250.000,50", 1_250_000.5),
        ("EUR 1.881.000.-", 1_881_000),
        ("1.250", 1250),
        ("1,5", 1.5),
        ("1,5 mln", 1_500_000),
        ("250k", 250_000),
        ("1,250,000.00", 1_250_000),
        ("-300", -300),
        ("2500", 2500),
    ],
)
def test_parse_amount_reads_dutch_and_english_notation(text, value):
    assert parse_amount(text)[0] == pytest.approx(value)


def test_parse_amount_numbers_pass_and_empty_is_none():
    assert parse_amount(12.5) == (12.5, False)
    assert parse_amount(None) == (None, False)
    assert parse_amount(" ") == (None, False)
    assert parse_amount(float("nan")) == (None, False)


@pytest.mark.parametrize("bad", ["veel geld", "1.2.3,4,5", True, float("inf"), "nan"])
def test_parse_amount_rejects_non_amounts(bad):
    with pytest.raises(ValueParseError):
        parse_amount(bad)
