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

    @property
    def ids(self) -> dict[str, str]:
        """Every name a report goes by (id or alias), with the report's id."""
        return {name: report.id for name, report in self.names.items()}

    def known(self) -> list[str]:
        """Every name a report goes by, sorted: what an unknown name is told to choose from."""
        return sorted(self.names)
