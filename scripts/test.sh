#!/usr/bin/env bash
# `npm test`: prepares everything (fresh test databases, a fresh test broker on 9094), then runs
# every test: unit (*.spec.ts), integration against real PostgreSQL and Kafka (*.int-spec.ts) and
# end-to-end through the running services (*.e2e-spec.ts). JEST_PROJECTS picks kinds
# (default "unit int e2e"); extra arguments go to jest.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if docker info >/dev/null 2>&1 && [ "${USE_TESTCONTAINERS:-}" != 0 ]; then
  export USE_TESTCONTAINERS=1
fi
if [ "${USE_TESTCONTAINERS:-}" != 1 ]; then
  source scripts/test-kafka.sh
  fresh_test_kafka
  trap stop_test_kafka EXIT
fi
bash scripts/prepare.sh --test
if [[ " ${JEST_PROJECTS:-unit int e2e} " == *" e2e "* && -z "${CHROMIUM_PATH:-}" ]]; then
  bash scripts/ensure-chromium.sh
fi
# shellcheck disable=SC2086
npx jest --selectProjects ${JEST_PROJECTS:-unit int e2e} "$@"
# The faults run, short form (one short pass of each fault under load, about 11 minutes;
# `npm run test:faults` is the long one): after jest, as it stops PostgreSQL and the test broker.
# Part of every full run; RUN_FAULTS=0 leaves it out (a quicker run while developing).
if [ $# -eq 0 ] && [ -z "${JEST_PROJECTS:-}" ] && [ "${RUN_FAULTS:-1}" = 1 ]; then
  echo "[test] faults under load, short form"
  ACCESS_DATABASE_URL=postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/inventory_access_test
  export ACCESS_DATABASE_URL
  API_KEY=$(node dist/tools/src/ops/api-keys-cli.js create --name faults --role admin --quiet)
  API_KEY=$API_KEY FAULTS_SHORT=1 node dist/tools/src/faults/faults.js
fi
