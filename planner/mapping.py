"""Field mapping: bring layers with their own column names and values onto the measure schema.

Three parts, from the command line (``--field``, ``--default``, ``--value``) or a mapping file:

.. code-block:: toml

    [velden]            # schema field = column in the data
    start = "first_budget_fy"
    [standaard]         # a value for a field the data lacks
    domein = "onderhoud"
    [waarden.thema]     # value in the data = schema code (case-insensitive)
    "Riool" = "riolering"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import InputError, OptionError
from planner.schema import Schema, load_schema

__all__ = ["FieldMapping", "parse_mapping_options", "read_mapping_file"]

# Column names that real data often uses for a schema field (looked up case-insensitively after
# the schema's own name).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("fid_extern", "code", "projectnummer", "projectcode", "nummer"),
    "naam": ("name", "titel", "projectnaam", "omschrijving_kort"),
    "domein": ("domain",),
    "thema": ("theme", "categorie", "soort"),
    "eigenaar": ("owner", "afdeling", "partner", "organisatie"),
    "start": ("start_date", "startdatum", "begin", "van", "startjaar"),
    "eind": ("end", "end_date", "einddatum", "tot", "eindjaar"),
    "status": ("fase",),
    "budget": ("bedrag", "kosten", "raming"),
    "omschrijving": ("description", "toelichting"),
    "locatie": ("location", "adres", "straat", "plek"),
    "gebiedscode": ("buurtcode", "wijkcode", "bu_code", "wk_code", "area_code"),
}


@dataclass
class FieldMapping:
    """How one set of layers maps onto the schema.

    Attributes
    ----------
    fields : dict
        Schema field -> column name in the data.
    defaults : dict
        Schema field -> value used where the data has no such column or the cell is empty.
    values : dict
        Schema field -> {value in the data (case-folded): schema code}.
    """

    fields: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    #: ``(part, field)`` -> where the entry was given, for messages; ``part`` is ``fields``,
    #: ``defaults`` or ``values``. Entries without one came from the command line.
    origin: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)

    def merged(self, other: FieldMapping) -> FieldMapping:
        """Return a mapping with ``other``'s entries over this one's."""
        values = {k: dict(v) for k, v in self.values.items()}
        for k, v in other.values.items():
            values.setdefault(k, {}).update(v)
        origin = {**self.origin}
        for part in ("fields", "defaults", "values"):
            for name in getattr(other, part):
                origin.pop((part, name), None)
        origin.update(other.origin)
        return FieldMapping(
            {**self.fields, **other.fields}, {**self.defaults, **other.defaults}, values, origin
        )

    def where(self, part: str, name: str) -> str:
        """Where the entry ``name`` of ``part`` was given, as messages name it.

        Examples
        --------
        >>> FieldMapping({"start": "fy"}).where("fields", "start")
        '--field'
        >>> origin = {("fields", "start"): "mappingbestand m.toml, [velden] start"}
        >>> FieldMapping({"start": "fy"}, origin=origin).where("fields", "start")
        'mappingbestand m.toml, [velden] start'
        """
        return self.origin.get((part, name), OPTIONS[part])

    def check(self, schema: Schema | None = None) -> FieldMapping:
        """Raise :class:`OptionError` when a mapping names a field the schema does not have."""
        schema = schema or load_schema()
        known = list(schema.fields)
        for part in OPTIONS:
            for name in getattr(self, part):
                if name not in schema.fields:
                    raise OptionError(
                        f"{self.where(part, name)}: onbekend veld {name!r}; "
                        f"velden van het schema: {', '.join(known)}."
                    )
        return self


#: The command-line option of each part of a mapping.
OPTIONS = {"fields": "--field", "defaults": "--default", "values": "--value"}
#: The mapping file's section of each part.
SECTIONS = {"fields": "velden", "defaults": "standaard", "values": "waarden"}


def _split(option: str, text: str, sep: str = "=") -> tuple[str, str]:
    key, found, value = text.partition(sep)
    if not found or not key.strip() or not value.strip():
        raise OptionError(f"{option}: verwacht VELD{sep}WAARDE, kreeg {text!r}.")
    return key.strip(), value.strip()


def parse_mapping_options(
    fields: list[str] | None = None,
    defaults: list[str] | None = None,
    values: list[str] | None = None,
) -> FieldMapping:
    """Build a mapping from command-line options.

    Parameters
    ----------
    fields : list of str
        ``start=first_budget_fy`` (schema field = column).
    defaults : list of str
        ``domein=onderhoud``.
    values : list of str
        ``thema:Riool=riolering``.

    Returns
    -------
    FieldMapping
        The mapping, checked against the schema.

    Examples
    --------
    >>> m = parse_mapping_options(
    ...     ["start=Baubeginn"], ["domein=onderhoud"], ["thema:Riool=riolering"]
    ... )
    >>> m.fields, m.defaults, m.values
    ({'start': 'Baubeginn'}, {'domein': 'onderhoud'}, {'thema': {'riool': 'riolering'}})
    """
    mapping = FieldMapping()
    for text in fields or []:
        key, col = _split("--field", text)
        mapping.fields[key] = col
    for text in defaults or []:
        key, val = _split("--default", text)
        mapping.defaults[key] = val
    for text in values or []:
        fld, rest = _split("--value", text, ":")
        raw, code = _split("--value", rest)
        mapping.values.setdefault(fld, {})[raw.casefold()] = code
    return mapping.check()


def read_mapping_file(path: str | Path) -> FieldMapping:
    """Read a mapping file (TOML with ``[velden]``, ``[standaard]`` and ``[waarden.<veld>]``).

    Parameters
    ----------
    path : path-like
        The file.

    Returns
    -------
    FieldMapping
        The mapping, checked against the schema.
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"Het mappingbestand {path} is niet te lezen: {exc.strerror}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"Het mappingbestand {path} is geen geldige TOML: {exc}.") from exc
    unknown = set(raw) - set(SECTIONS.values())
    if unknown:
        raise InputError(
            f"Het mappingbestand {path} heeft onbekende onderdelen {sorted(unknown)}; "
            "toegestaan: velden, standaard, waarden."
        )
    mapping = FieldMapping()
    for part, section in SECTIONS.items():
        table = _table(raw.get(section, {}), path, f"[{section}]")
        for name, value in table.items():
            where = f"mappingbestand {path}, [{section}] {name}"
            if part == "values":
                codes = _table(value, path, f"[{section}.{name}]")
                value = {
                    str(k).casefold(): _text_value(v, path, f"[{section}.{name}] {k}")
                    for k, v in codes.items()
                }
                where = f"mappingbestand {path}, [{section}.{name}]"
            else:
                value = _text_value(value, path, f"[{section}] {name}")
            getattr(mapping, part)[str(name)] = value
            mapping.origin[(part, str(name))] = where
    return mapping.check()


def _table(value: object, path: Path, key: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(
            f'Het mappingbestand {path}: {key} moet een tabel zijn (regels veld = "waarde"), '
            f"niet {value!r}."
        )
    return value


def _text_value(value: object, path: Path, key: str) -> str:
    # a year or an amount may be written as a number; lists and tables are mistakes
    if isinstance(value, (dict, list)):
        raise InputError(
            f"Het mappingbestand {path}: {key} moet één waarde zijn, bijvoorbeeld "
            f'"kolomnaam", niet {value!r}.'
        )
    return str(value)
