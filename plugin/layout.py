"""The gebiedsdag print layout: an atlas over the areas, one A4 landscape page per area."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutMultiFrame,
    QgsLayoutObject,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTableColumn,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsRectangle,
    QgsTextFormat,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QFont

from .compat import moved
from .translate import tr

__all__ = ["build_atlas_layout", "export_atlas", "add_to_project"]

TABLE_ROWS = 8


def _mm():
    """Millimetres, the layout unit (``Qgis.LayoutUnit`` from QGIS 3.30)."""
    return moved("Qgis.LayoutUnit.Millimeters", "QgsUnitTypes.LayoutUnit.LayoutMillimeters")


def _place(item, x: float, y: float, w: float, h: float) -> None:
    item.attemptMove(QgsLayoutPoint(x, y, _mm()))
    item.attemptResize(QgsLayoutSize(w, h, _mm()))


def _with_aspect(rect: QgsRectangle, aspect: float) -> QgsRectangle:
    """``rect`` grown around its centre to width/height = ``aspect``."""
    width, height = rect.width(), rect.height()
    if height <= 0 or width <= 0:
        return rect
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    c = rect.center()
    return QgsRectangle(
        c.x() - width / 2, c.y() - height / 2, c.x() + width / 2, c.y() + height / 2
    )


def _text_format(size: float, bold: bool = False) -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = QFont("DejaVu Sans")
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    return fmt


def _label(layout: QgsPrintLayout, text: str, rect, size: float, bold: bool = False):
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    if hasattr(label, "setTextFormat"):  # QGIS 3.24 and newer
        label.setTextFormat(_text_format(size, bold))
    else:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(size)
        font.setBold(bold)
        label.setFont(font)
    layout.addLayoutItem(label)
    _place(label, *rect)
    return label


def _table(layout, layer: QgsVectorLayer, columns: list[tuple[str, str]], rect, title: str):
    _label(layout, title, (rect[0], rect[1] - 6, rect[2], 6), 9, bold=True)
    table = QgsLayoutItemAttributeTable.create(layout)
    table.setVectorLayer(layer)
    table.setDisplayOnlyVisibleFeatures(False)
    table.setFilterFeatures(True)
    table.setFeatureFilter("\"gebied_code\" = attribute(@atlas_feature, 'code')")
    table.setMaximumNumberOfFeatures(TABLE_ROWS)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    table.setEmptyTableBehavior(QgsLayoutItemAttributeTable.EmptyTableMode.ShowMessage)
    table.setEmptyTableMessage(tr("Geen."))
    table.setHeaderTextFormat(_text_format(7, bold=True))
    table.setContentTextFormat(_text_format(6.5))
    table.setCellMargin(0.8)
    cols = []
    for field, heading in columns:
        col = QgsLayoutTableColumn(heading)
        col.setAttribute(field)
        cols.append(col)
    table.setColumns(cols)
    frame = QgsLayoutFrame(layout, table)
    _place(frame, *rect)
    table.addFrame(frame)
    layout.addMultiFrame(table)
    return table


def build_atlas_layout(
    project: QgsProject,
    name: str,
    coverage: QgsVectorLayer,
    measures: QgsVectorLayer,
    overlaps: QgsVectorLayer,
) -> QgsPrintLayout:
    """A print layout with an atlas over ``coverage``: map, timeline, figures and two tables.

    Parameters
    ----------
    project : QgsProject
        The project the layout belongs to (its layers and styling are on the map).
    name : str
        The layout's name.
    coverage : QgsVectorLayer
        One polygon per area with ``code``, ``naam``, the figures and ``tijdlijn`` (a PNG path).
    measures, overlaps : QgsVectorLayer
        Rows with ``gebied_code``: the measures of each area and the pairs that meet there.

    Returns
    -------
    QgsPrintLayout
        The layout (not yet added to the project).
    """
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)

    _label(layout, '[% "naam" %] ([% "code" %])', (10, 7, 200, 10), 16, bold=True)
    _label(
        layout,
        tr("Gebiedsdag: alles wat gepland is in dit gebied"),
        (10, 15, 200, 6),
        9,
    )
    area_map = QgsLayoutItemMap(layout)
    area_map.setFrameEnabled(True)
    layout.addLayoutItem(area_map)
    _place(area_map, 10, 23, 150, 112)
    # setExtent (also when the atlas renders) fits the item to the extent's shape: give it an
    # extent of the item's own shape.
    area_map.setExtent(_with_aspect(coverage.extent(), 150 / 112))
    area_map.setAtlasDriven(True)
    area_map.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    area_map.setAtlasMargin(0.08)

    picture = QgsLayoutItemPicture(layout)
    picture.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    picture.dataDefinedProperties().setProperty(
        QgsLayoutObject.DataDefinedProperty.PictureSource, QgsProperty.fromField("tijdlijn")
    )
    layout.addLayoutItem(picture)
    _place(picture, 165, 23, 122, 78)

    figures = "\n".join(
        [
            tr('Maatregelen: [% "n_maatregelen" %]'),
            tr(
                'Overlappingen: [% "n_overlappingen" %] (combineren [% "n_combineren" %], '
                'volgorde [% "n_volgorde" %], spreiden [% "n_spreiden" %], '
                'samenhang [% "n_samenhang" %]); '
                'samenhanggroepen [% "n_samenhanggroepen" %]'
            ),
            tr('Budget: [% "budget_tekst" %]'),
            tr('Drukste periode: [% "piek" %] (hinderlast [% "piek_hinderlast_tekst" %])'),
            tr('Stapeling in: [% "stapeling_in" %]'),
        ]
    )
    _label(layout, figures, (165, 103, 122, 30), 8)

    _table(
        layout,
        measures,
        [
            ("naam", tr("Maatregel")),
            ("domein", tr("Domein")),
            ("eigenaar", tr("Eigenaar")),
            ("periode", tr("Periode")),
        ],
        (10, 144, 150, 52),
        tr('Maatregelen (eerste [% min(8, "n_maatregelen") %] van [% "n_maatregelen" %])'),
    )
    _table(
        layout,
        overlaps,
        [
            ("verdict", tr("Oordeel")),
            ("naam_a", tr("Maatregel A")),
            ("naam_b", tr("Maatregel B")),
        ],
        (165, 144, 122, 52),
        tr(
            'Overlappingen hier (eerste [% min(8, "n_overlappingen") %] '
            'van [% "n_overlappingen" %])'
        ),
    )
    _label(
        layout,
        tr(
            "Gebiedsplanner · [% format_date(now(), 'd-M-yyyy') %] · "
            "gebied [% @atlas_featurenumber %] van [% @atlas_totalfeatures %]"
        ),
        (10, 200, 277, 6),
        7,
    )

    atlas = layout.atlas()
    atlas.setCoverageLayer(coverage)
    atlas.setEnabled(True)
    atlas.setHideCoverage(False)
    atlas.setPageNameExpression('"naam"')
    atlas.setSortFeatures(True)
    atlas.setSortExpression('"naam"')
    return layout


def export_atlas(layout: QgsPrintLayout, path: Path, feedback=None) -> Path:
    """Export the layout's atlas to one PDF, one page per area.

    Raises
    ------
    RuntimeError
        QGIS could not write the PDF; the message says why.
    """
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 150
    settings.rasterizeWholeImage = False
    # Text stays text (searchable, and readable by pdftotext and screen readers).
    settings.textRenderFormat = _always_text()
    result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), str(path), settings, feedback)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise RuntimeError(tr("De atlas kon niet als PDF worden geschreven: {}", error or result))
    return path


def _always_text():
    return moved(
        "Qgis.TextRenderFormat.AlwaysText", "QgsRenderContext.TextRenderFormat.TextFormatAlwaysText"
    )


def add_to_project(project: QgsProject, layout: QgsPrintLayout) -> None:
    """Add the layout to the project, replacing one with the same name."""
    manager = project.layoutManager()
    existing = manager.layoutByName(layout.name())
    if existing is not None:
        manager.removeLayout(existing)
    manager.addLayout(layout)
