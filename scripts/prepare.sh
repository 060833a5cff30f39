#!/usr/bin/env bash
# Everything `npm start` and `npm test` need before they run: dependencies, a build, PostgreSQL,
# Kafka, topics and databases. Safe to run again; what is done already is skipped.
#   scripts/prepare.sh          for running the system
#   scripts/prepare.sh --test   the same, with fresh test databases
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

# Install when node_modules is missing or older than the lock file. `npm install` rather than
# `npm ci`: the registry mirror of the build machines lacks some other platforms' optional
# binaries (e.g. @swc/core-darwin-arm64), so the lock file cannot list them and `npm ci` refuses
# it as out of sync. `npm install` installs the locked versions all the same.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[prepare] installing dependencies (npm install from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi

echo "[prepare] building (swc, and vite for the console's web app)"
npm run build --silent

if [ "${USE_TESTCONTAINERS:-}" = 1 ]; then
  echo "[prepare] Kafka and PostgreSQL come from testcontainers (USE_TESTCONTAINERS=1)"
  exit 0
fi
bash infra/postgres/ensure-postgres.sh
bash infra/kafka/kafka.sh start
node dist/tools/src/setup-infra.js "$@"
