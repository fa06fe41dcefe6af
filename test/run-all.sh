#!/usr/bin/env bash
# The whole test suite, as the README and CI run it (npm test):
#   prepare the machine (PostgreSQL + PostGIS, Chromium) → typecheck → lint →
#   unit and data-layer tests on both engines → production build → browser tests on both engines.
# Every step runs even when an earlier one failed, so one run reports everything; the exit code
# is non-zero when anything failed.
#
# Environment:
#   TEST_ENGINES=pglite   test on the embedded database only, no PostgreSQL needed (a laptop);
#                         the server-only tests are reported as skipped. Default: pglite,postgres.
#                         `TEST_ENGINES=pglite npm run verify` is the quick loop without a server.
#   TEST_DATABASE_URL     a PostgreSQL 15+ database with PostGIS whose role may CREATE DATABASE
#                         and CREATE ROLE (default: the one test/prepare.sh sets up as root).
#   CHROMIUM_PATH         the Chromium for the browser tests (default /usr/bin/chromium).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
mkdir -p test-results
rm -f test-results/vitest-*.json
started=$(date +%s)

if [ ! -d node_modules ]; then
  echo "node_modules tidak ada: jalankan dulu npm install" >&2
  exit 1
fi
# shellcheck source=test/prepare.sh
source test/prepare.sh || exit 1

failed=()
step() {
  local name=$1
  shift
  echo
  echo "=== $name ==="
  if ! "$@"; then failed+=("$name"); fi
}

step typecheck npm run --silent typecheck
step lint npm run --silent lint
step "unit + database (pglite, postgres)" npx vitest run --project unit --project db \
  --reporter=default --reporter=json --outputFile.json=test-results/vitest-unit-db.json
step build npm run --silent build
step "browser (pglite, postgres)" npx vitest run --project e2e \
  --reporter=default --reporter=json --outputFile.json=test-results/vitest-e2e.json

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of ["test-results/vitest-unit-db.json", "test-results/vitest-e2e.json"]) {
    if (!fs.existsSync(file)) { failed++; console.error(`missing ${file}: that run did not finish`); continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  }
  console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
echo "Durasi: $(( $(date +%s) - started )) detik"
if [ ${#failed[@]} -gt 0 ]; then
  echo "GAGAL: ${failed[*]}" >&2
  exit 1
fi
