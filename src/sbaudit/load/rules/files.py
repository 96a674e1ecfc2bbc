"""One file per report and per item, named by its id; every id used once."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...core.model import Problem, Where
from . import Context, rule


def _stem(file: str) -> str:
    return os.path.basename(file).rsplit(".", 1)[0]


@rule("file-name")
def file_name(ctx: Context) -> Iterator[Problem]:
    """A report or item file is named by its id: `2004.yaml` holds report `2004`, `sbap-08.yaml`
    item `sbap-08`."""
    named: list[tuple[str, Where]] = [(report.id, report.where) for report in ctx.reports]
    named += [(item.id, item.where) for item in ctx.items]
    for record_id, where in named:
        if _stem(where.file) != record_id:
            yield ctx.problem(
                where.at("id"),
                f"id {record_id!r} differs from the file name; name the file {record_id}.yaml",
                "file-name",
            )


@rule("duplicate-id")
def duplicate_id(ctx: Context) -> Iterator[Problem]:
    """A report name (id or alias) and an item id are used once in a data root, and a deadline id
    once in its item; the second use is the problem."""
    claimed: dict[str, str] = {}
    for report in ctx.reports:
        names = [(report.id, report.where.at("id"))]
        names += [(alias, report.where.at("aliases", index)) for index, alias in enumerate(report.aliases)]
        for name, where in names:
            if name in claimed:
                yield ctx.problem(
                    where, f"report name {name!r} is already used by {claimed[name]}", "duplicate-id"
                )
            else:
                claimed[name] = report.where.file
    first_file: dict[str, str] = {}
    for item in ctx.items:
        if item.id in first_file:
            yield ctx.problem(
                item.where.at("id"),
                f"item id {item.id!r} is already used by {first_file[item.id]}",
                "duplicate-id",
            )
        else:
            first_file[item.id] = item.where.file
        seen: set[str] = set()
        for deadline in item.deadlines:
            if deadline.id in seen:
                yield ctx.problem(
                    deadline.where.at("id"),
                    f"deadline id {deadline.id!r} is used twice in this item",
                    "duplicate-id",
                )
            seen.add(deadline.id)
