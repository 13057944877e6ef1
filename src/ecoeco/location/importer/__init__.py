"""Import places from public CSV and GeoJSON files, idempotently by (source, source id)."""

from ecoeco.location.importer.csv_format import read_csv
from ecoeco.location.importer.geojson_format import read_geojson
from ecoeco.location.importer.runner import ImportReport, ParsedRow, import_rows

__all__ = ["ImportReport", "ParsedRow", "import_rows", "read_csv", "read_geojson"]
