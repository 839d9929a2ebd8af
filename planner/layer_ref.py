"""Where a layer comes from: one layer of one file, a database table, or features in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

__all__ = ["LayerRef"]


@dataclass(frozen=True)
class LayerRef:
    """One layer of one file, or features already in memory (``frame``, e.g. from QGIS).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> frame = gpd.GeoDataFrame({"naam": ["a"]}, geometry=[shapely.Point(0, 0)], crs=28992)
    >>> ref = LayerRef.in_memory(frame, "programma.gpkg", "werken")
    >>> from planner.sources import read_layer
    >>> str(ref), list(read_layer(ref).columns)
    ('programma.gpkg (laag werken)', ['_fid', 'naam', 'geometry'])
    """

    path: Path
    layer: str | None = None
    frame: gpd.GeoDataFrame | None = field(default=None, compare=False, hash=False, repr=False)
    label: str | None = None

    @property
    def where(self) -> str:
        """The source as the user named it: the file path, or a database address."""
        return self.label or str(self.path)

    @classmethod
    def in_memory(cls, frame: gpd.GeoDataFrame, source: str, layer: str | None = None) -> LayerRef:
        """Features that are already read (a QGIS layer, a database query).

        Parameters
        ----------
        frame : geopandas.GeoDataFrame
            The features; a ``_fid`` column holds their feature ids (else 1, 2, 3, ...).
        source : str
            Where they come from, as the user knows it (file, database table).
        layer : str, optional
            The layer name.

        Returns
        -------
        LayerRef
            A reference that :func:`read_layer` answers from memory.
        """
        return cls(Path(source), layer, frame, source)

    def __str__(self) -> str:
        return self.where + (f" (laag {self.layer})" if self.layer else "")

    @property
    def name(self) -> str:
        """A short name: the layer name, else the file name without extension."""
        return self.layer or self.path.stem
