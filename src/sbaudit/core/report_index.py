"""Report ids and aliases resolved to reports, and the reports' order."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Report

__all__ = ["ReportIndex"]


class ReportIndex:
    """Report ids and aliases resolved to reports, and their order."""

    def __init__(self, reports: Sequence[Report], unavailable: set[str] | None = None) -> None:
        self.reports = list(reports)
        self.unavailable = unavailable or set()
        self.order = {report.id: index for index, report in enumerate(reports)}
        self.names: dict[str, Report] = {}
        for report in reports:
            for name in (report.id, *report.aliases):
                self.names.setdefault(name, report)

    def get(self, name: str) -> Report | None:
        return self.names.get(name)
