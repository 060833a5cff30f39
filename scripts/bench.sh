#!/usr/bin/env bash
# `npm run bench:<name>` (and `npm run test:faults`): runs tools/src/bench/<name>.bench.ts against
# fresh test databases and a fresh broker of its own (scripts/test-kafka.sh), so a million
# benchmark events never reach the development broker.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/test-kafka.sh
fresh_test_kafka
trap stop_test_kafka EXIT
bash scripts/prepare.sh --test
# The services under benchmark read keys from the fresh test key database; the benchmark calls
# them with an admin key made here.
export ACCESS_DATABASE_URL=postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/inventory_access_test
API_KEY=$(node dist/tools/src/ops/api-keys-cli.js create --name bench --role admin --quiet)
export API_KEY
# A name is a benchmark (tools/src/bench/<name>.bench.ts); a path under tools/src another run (faults/faults).
case $1 in
  */*) node "dist/tools/src/$1.js" ;;
  *) node "dist/tools/src/bench/$1.bench.js" ;;
esac
