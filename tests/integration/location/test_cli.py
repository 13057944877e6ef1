"""`ecoeco import-places` and `ecoeco seed` against an embedded data directory."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from ecoeco.cli import app
from tests.integration.location.conftest import FIXTURES


def counts(output: str) -> list[int]:
    """The inserted, updated, skipped and invalid figures of the report table."""
    row = next(line for line in output.splitlines() if re.search(r"│\s+\d+\s+│", line))
    return [int(n.replace(",", "")) for n in re.findall(r"[\d,]+", row)][:4]


def test_import_places_reports_and_is_idempotent(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"ECOECO_DATA_DIR": str(tmp_path), "ECOECO_LOG_JSON": "false", "COLUMNS": "120"}
    csv_args = ["import-places", str(FIXTURES / "collection_points_malformed.csv")]
    first = runner.invoke(app, [*csv_args, "--source", "bins"], env=env)
    assert first.exit_code == 0, first.output
    assert counts(first.output) == [2, 0, 0, 6]
    assert "line 3:" in first.output
    again = runner.invoke(app, [*csv_args, "--source", "bins"], env=env)
    assert counts(again.output) == [0, 0, 2, 6]
    osm = FIXTURES / "osm_recycling.geojson"
    geo = runner.invoke(app, ["import-places", str(osm), "--source", "osm"], env=env)
    assert geo.exit_code == 0, geo.output
    assert counts(geo.output) == [5, 0, 0, 2]
    seeded = runner.invoke(app, ["seed", "--count", "40"], env=env)
    assert seeded.exit_code == 0, seeded.output
    assert counts(seeded.output) == [40, 0, 0, 0]


def test_import_places_refuses_an_unusable_file(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    env = {"ECOECO_DATA_DIR": str(tmp_path), "ECOECO_LOG_JSON": "false"}
    result = CliRunner().invoke(app, ["import-places", str(wrong), "--source", "x"], env=env)
    assert result.exit_code == 2
    assert "missing column" in " ".join(result.output.split())
    assert not (tmp_path / "ecoeco.db").exists()
