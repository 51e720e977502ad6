"""The worker for slow non-database work (printing, PDF rendering): see ui.tasks.SerialWorker."""

from ui.tasks import SerialWorker as IoRunner

__all__ = ["IoRunner"]
