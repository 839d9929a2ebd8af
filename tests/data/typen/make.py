"""Writes typen.gpkg: the OGR field types a partner's export may have.

Layer ``m`` has text, DATE, DATETIME, integers with nulls and reals; layer ``vlag`` also a
boolean (which pyogrio does not read through Arrow before GDAL 3.8.3).

Made with GDAL's own Python bindings (Debian's python3-gdal), so that the DATE, DATETIME,
integer-with-nulls and boolean fields are typed as GDAL types them. Run from this folder.
"""

from osgeo import ogr, osr

ogr.UseExceptions()
ds = ogr.GetDriverByName("GPKG").CreateDataSource("typen.gpkg")
srs = osr.SpatialReference()
srs.ImportFromEPSG(28992)
layer = ds.CreateLayer("m", srs, ogr.wkbPoint)
fields = [
    ("naam", ogr.OFTString, None),
    ("domein", ogr.OFTString, None),
    ("start", ogr.OFTDate, None),
    ("eind", ogr.OFTDateTime, None),
    ("budget", ogr.OFTInteger64, None),
    ("aandeel", ogr.OFTReal, None),
]
for name, kind, sub in fields:
    field = ogr.FieldDefn(name, kind)
    if sub is not None:
        field.SetSubType(sub)
    layer.CreateField(field)
rows = [
    ("a", "onderhoud", (2026, 1, 2), (2026, 3, 1, 12), 1000, 0.5, "POINT (0 0)"),
    (" b ", "onderhoud", None, None, None, None, "POINT (5 5)"),
    (None, "onderhoud", (2027, 5, 1), (2027, 6, 1, 0), 2500, 2.0, None),
]
for naam, domein, start, eind, budget, aandeel, wkt in rows:
    f = ogr.Feature(layer.GetLayerDefn())
    for name, value in (
        ("naam", naam),
        ("domein", domein),
        ("budget", budget),
        ("aandeel", aandeel),
    ):
        if value is not None:
            f.SetField(name, value)
    if start:
        f.SetField("start", *start, 0, 0, 0, 0)
    if eind:
        f.SetField("eind", *eind, 0, 0, 0)
    if wkt:
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    layer.CreateFeature(f)

vlag = ds.CreateLayer("vlag", srs, ogr.wkbPoint)
for name in ("naam", "domein", "start"):
    vlag.CreateField(ogr.FieldDefn(name, ogr.OFTString))
flag = ogr.FieldDefn("klaar", ogr.OFTInteger)
flag.SetSubType(ogr.OFSTBoolean)
vlag.CreateField(flag)
for naam, klaar in (("c", 1), ("d", 0)):
    f = ogr.Feature(vlag.GetLayerDefn())
    for name, value in (("naam", naam), ("domein", "sociaal"), ("start", "2026"), ("klaar", klaar)):
        f.SetField(name, value)
    f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (1 1)"))
    vlag.CreateFeature(f)
ds = None
