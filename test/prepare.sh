#!/usr/bin/env bash
# Makes this machine ready for the whole test suite, or says exactly what is missing:
# PostgreSQL 15 with PostGIS 3 running, a test role and a PostGIS template database, and
# Debian's Chromium for the browser tests. Safe to run again. Sourced by test/run-all.sh,
# which then has TEST_DATABASE_URL and CHROMIUM_PATH.
# TEST_ENGINES=pglite leaves PostgreSQL out: the tests then run on the embedded database only.
set -euo pipefail

missing=()
can_install=false
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then can_install=true; fi
apt_updated=false

apt_install() {
  if ! $can_install; then
    missing+=("Debian package(s) $*: install them as root with: apt-get install -y $*")
    return 1
  fi
  if ! $apt_updated; then
    echo "[siapkan] apt-get update …"
    apt-get update -qq >/dev/null
    apt_updated=true
  fi
  echo "[siapkan] apt-get install $* …"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- Chromium for the browser tests -------------------------------------------------------
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  apt_install chromium || true
fi
[ -x "$CHROMIUM_PATH" ] || missing+=("Chromium at $CHROMIUM_PATH (set CHROMIUM_PATH to use another build)")
export CHROMIUM_PATH

# --- poppler-utils: the printed reports' tests read their PDFs (pdftotext, pdfinfo, pdftoppm) ---
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  apt_install poppler-utils || true
fi
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null ||
  missing+=("pdftotext and pdfinfo (Debian's poppler-utils), which the print tests read PDFs with")

# --- PostgreSQL + PostGIS for the real-server suite ----------------------------------------
server_needed=true
if [ -n "${TEST_ENGINES:-}" ] && [[ ",${TEST_ENGINES// /}," != *,postgres,* ]]; then server_needed=false; fi
if $server_needed && [ -z "${TEST_DATABASE_URL:-}" ]; then
  PG_VERSION=15
  if ! command -v pg_ctlcluster >/dev/null || [ ! -d "/usr/lib/postgresql/$PG_VERSION" ]; then
    apt_install "postgresql-$PG_VERSION" || true
  fi
  if [ ! -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ]; then
    apt_install "postgresql-$PG_VERSION-postgis-3" || true
  fi
  if [ -d "/usr/lib/postgresql/$PG_VERSION" ] && [ -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ]; then
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
      if [ "$(id -u)" = 0 ]; then
        pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main"' | grep -q . || pg_createcluster "$PG_VERSION" main >/dev/null
        echo "[siapkan] pg_ctlcluster $PG_VERSION main start"
        pg_ctlcluster "$PG_VERSION" main start
      else
        missing+=("a running PostgreSQL $PG_VERSION: start it as root with: pg_ctlcluster $PG_VERSION main start")
      fi
    fi
    port=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $3}')
    if [ "$(id -u)" = 0 ] && [ -n "$port" ]; then
      psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt $*"; }
      # A role that may create databases but is no superuser: the suite proves migrations run
      # with the rights an ordinary application role has, given a database with PostGIS in it.
      # CREATEROLE lets the suite create the app's own role (`db:migrate --app-role`) and prove
      # what that role may not do to the audit log.
      psql_admin "-c \"DO \\\$\\\$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tepat_test') THEN
            CREATE ROLE tepat_test LOGIN CREATEDB CREATEROLE PASSWORD 'tepat_test';
          ELSE
            ALTER ROLE tepat_test LOGIN CREATEDB CREATEROLE PASSWORD 'tepat_test';
          END IF;
        END \\\$\\\$;\""
      if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = 'tepat_test_postgis'\"")" != 1 ]; then
        psql_admin "-c 'CREATE DATABASE tepat_test_postgis OWNER tepat_test'"
      fi
      psql_admin "-d tepat_test_postgis -c 'CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;'"
      export TEST_DATABASE_URL="postgres://tepat_test:tepat_test@127.0.0.1:$port/tepat_test_postgis"
    elif [ -n "$port" ]; then
      missing+=("a test database: as root run test/prepare.sh once, or set TEST_DATABASE_URL to a PostgreSQL 15+ database with PostGIS whose role may CREATE DATABASE, or TEST_ENGINES=pglite to test on the embedded database only")
    fi
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Tidak dapat menjalankan seluruh tes; yang kurang:" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  return 1 2>/dev/null || exit 1
fi
if $server_needed; then
  echo "[siapkan] PostgreSQL + PostGIS: ${TEST_DATABASE_URL%%@*}@…  Chromium: $CHROMIUM_PATH"
else
  echo "[siapkan] TEST_ENGINES=$TEST_ENGINES: tanpa PostgreSQL.  Chromium: $CHROMIUM_PATH"
fi
