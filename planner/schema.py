"""The measure schema, read from ``layers/schema.toml`` (the one definition of fields)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from planner.errors import InputError

__all__ = ["Schema", "FieldSpec", "load_schema", "layers_dir"]

DOMAINS = ("interventie", "onderhoud", "sociaal", "initiatief")
VERDICTS = ("combineren", "volgorde", "spreiden", "samenhang")
#: The working CRS: distances are in metres (RD New).
DEFAULT_CRS = "EPSG:28992"


def layers_dir() -> Path:
    """Return the folder with the schema, the default rules and the sample programme.

    ``GEBIEDSPLANNER_LAYERS`` overrides it. An installed wheel carries the repository's
    ``layers/`` inside the package as ``planner/_layers`` (pyproject maps it at build time);
    everywhere else (the repository checkout, an editable install, the QGIS plugin's ``libs/``)
    ``layers/`` lies beside the ``planner`` package.

    Returns
    -------
    pathlib.Path
        The layers folder.

    Examples
    --------
    >>> (layers_dir() / "schema.toml").is_file()
    True
    """
    env = os.environ.get("GEBIEDSPLANNER_LAYERS")
    if env:
        return Path(env)
    # GDAL opens the sample by file name: the package must lie on disk (pip installs it so)
    package = Path(str(resources.files("planner")))
    packaged = package / "_layers"
    return packaged if packaged.is_dir() else package.parent / "layers"


@dataclass(frozen=True)
class FieldSpec:
    """One field of the measure schema."""

    name: str
    type: str
    required: bool
    public: bool
    allowed: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Schema:
    """The measure schema: fields, themes, nuisance weights and value maps."""

    fields: dict[str, FieldSpec]
    themes: dict[str, dict]
    nuisance_weight: dict[str, float]
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def public_fields(self) -> list[str]:
        """Fields that residents may see, in schema order."""
        return [f.name for f in self.fields.values() if f.public]

    @property
    def required_fields(self) -> list[str]:
        """Fields every measure must have."""
        return [f.name for f in self.fields.values() if f.required]

    def default_nuisance(self, theme: str | None) -> str:
        """Return the default nuisance of ``theme`` ('laag' for an unknown or empty theme)."""
        spec = self.themes.get(theme or "")
        return spec.get("hinder", "laag") if spec else "laag"


@lru_cache(maxsize=8)
def load_schema(path: str | os.PathLike | None = None) -> Schema:
    """Read the measure schema.

    Parameters
    ----------
    path : path-like, optional
        A schema TOML file; the shipped ``layers/schema.toml`` when not given.

    Returns
    -------
    Schema
        The schema.

    Examples
    --------
    >>> s = load_schema()
    >>> s.required_fields
    ['naam', 'domein', 'start']
    >>> "budget" in s.public_fields
    False
    """
    path = Path(path) if path else layers_dir() / "schema.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"Het schema {path} is niet te lezen: {exc}") from exc
    fields = {
        name: FieldSpec(
            name=name,
            type=spec.get("type", "tekst"),
            required=bool(spec.get("verplicht", False)),
            public=bool(spec.get("publiek", False)),
            allowed=tuple(spec.get("waarden", ())),
            description=spec.get("omschrijving", ""),
        )
        for name, spec in raw.get("velden", {}).items()
    }
    value_maps = {
        fld: {str(k).casefold(): str(v) for k, v in mapping.items()}
        for fld, mapping in raw.get("waardenmap", {}).items()
    }
    return Schema(
        fields=fields,
        themes=dict(raw.get("themas", {})),
        nuisance_weight={k: float(v) for k, v in raw.get("hinder_gewicht", {}).items()},
        value_maps=value_maps,
    )
