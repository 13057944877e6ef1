"""The scan backlog's condition is written once: the count and its partial index share it.

`ScanRepository.unfinished_since` counts queued scans; `ix_jobs_unfinished` indexes the
same rows. Both take `models.QUEUED`, so they cannot drift apart, and the index's DDL
stays byte-identical to the one migration scan_0002 created (the schema is unchanged).
"""

from __future__ import annotations

import importlib.util
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import BooleanClauseList, Dialect, Index
from sqlalchemy.dialects import postgresql, sqlite

from ecoeco.migrations import HERE as MIGRATIONS
from ecoeco.scan import repository
from ecoeco.scan.models import QUEUED, ScanJob

DIALECTS = [postgresql.dialect(), sqlite.dialect()]


def _index() -> Index:
    table = ScanJob.__table__
    return next(ix for ix in table.indexes if ix.name == "ix_jobs_unfinished")


def _migration() -> ModuleType:
    path = MIGRATIONS / "versions" / "scan" / "0002_scan_unfinished_index.py"
    spec = importlib.util.spec_from_file_location("scan_0002", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_count_and_the_index_take_the_same_expression() -> None:
    where = repository._BACKLOG.whereclause
    assert isinstance(where, BooleanClauseList)
    assert any(clause is QUEUED for clause in where.clauses)
    index = _index()
    assert index.dialect_options["postgresql"]["where"] is QUEUED
    assert index.dialect_options["sqlite"]["where"] is QUEUED


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_the_index_predicate_is_the_migrations_text_byte_for_byte(dialect: Dialect) -> None:
    predicate = _index().dialect_options[dialect.name]["where"]
    compiled = predicate.compile(
        dialect=dialect, compile_kwargs={"include_table": False, "literal_binds": True}
    )
    assert str(compiled) == _migration()._UNFINISHED.text == "status = 'queued'"


def test_sqlite_answers_the_count_from_the_partial_index(sqlite_template: Path) -> None:
    """On the migrated schema the planner uses the index only when the count's condition
    implies the index's."""
    stmt = repository._BACKLOG.compile(dialect=sqlite.dialect())
    sql = str(stmt).replace("scan.jobs", "jobs")
    since = datetime(2026, 12, 1, tzinfo=UTC).isoformat(" ")
    with sqlite3.connect(sqlite_template) as connection:
        plan = connection.execute(f"EXPLAIN QUERY PLAN {sql}", (since,)).fetchall()
        counted = connection.execute(sql, (since,)).fetchone()
    assert any("ix_jobs_unfinished" in row[-1] for row in plan), plan
    assert counted == (0,)
