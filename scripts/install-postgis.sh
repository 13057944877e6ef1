#!/usr/bin/env bash
# Install PostGIS 3 for each local PostgreSQL server (Debian/Ubuntu); a quick no-op when present.
set -euo pipefail

majors="${POSTGRES_MAJOR:-}"
if [ -z "$majors" ] && [ -d /etc/postgresql ]; then
  majors="$(ls /etc/postgresql)"
fi
if [ -z "$majors" ] && command -v pg_config >/dev/null 2>&1; then
  majors="$(pg_config --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')"
fi
if [ -z "$majors" ]; then
  echo "install-postgis: no PostgreSQL found; set POSTGRES_MAJOR" >&2
  exit 1
fi

missing=""
for major in $majors; do
  if [ ! -f "/usr/share/postgresql/${major}/extension/postgis.control" ]; then
    missing="$missing postgresql-${major}-postgis-3"
  fi
done
if [ -z "$missing" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-postgis: no apt-get; install by hand:${missing}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install-postgis: installing${missing}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
