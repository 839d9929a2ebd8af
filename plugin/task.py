"""Running planner in the background (a QgsTask), so QGIS stays responsive."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import QgsTask

from .translate import tr

__all__ = ["PlannerTask"]


class PlannerTask(QgsTask):
    """Run :func:`planner.run` on sources that were read in the main thread.

    Parameters
    ----------
    measures, areas : list of dict
        The layers as :func:`convert.layer_data` read them in the main thread; their CRS is
        set here, in the worker (pyproj objects must not cross threads).
    done : callable
        Called in the main thread as ``done(result, error, detail)``: the RunResult, or None,
        a Dutch sentence and, for an unexpected error, its traceback; None for all three
        when cancelled.
    **options
        Passed to :func:`planner.run` (rules, mapping, need, ...).
    """

    def __init__(self, measures: list, areas: list, done: Callable, **options):
        super().__init__(tr("Gebiedsplanner: programma doorrekenen"), QgsTask.Flag.CanCancel)
        self.measures, self.areas, self.options, self.done = measures, areas, options, done
        self.result = None
        self.error: str | None = None
        self.detail: str | None = None

    def run(self) -> bool:  # noqa: D102 - QgsTask runs this in a worker thread
        from planner import Cancelled, PlannerError, environment_error, run

        def progress(step: str, done: int, total: int) -> None:
            if self.isCanceled():
                raise Cancelled(tr("Afgebroken door de gebruiker."))
            self.setProgress(100 * done / max(total, 1))

        from .convert import with_crs

        try:
            measures = [with_crs(data) for data in self.measures]
            areas = [with_crs(data) for data in self.areas]
            self.result = run(measures, areas, progress=progress, **self.options)
        except Cancelled:
            return False
        except PlannerError as exc:
            self.error = str(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            import traceback

            full_or_closed = environment_error(exc)  # a full disk, a folder without access
            if full_or_closed is not None:
                self.error = str(full_or_closed)
                return False
            self.error = tr("Onverwachte fout: {}", f"{type(exc).__name__}: {exc}")
            self.detail = traceback.format_exc()
            return False
        return True

    def finished(self, ok: bool) -> None:  # noqa: D102 - QGIS calls this in the main thread
        self.done(self.result if ok else None, self.error, self.detail)
