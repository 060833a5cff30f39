#!/usr/bin/env bash
# `npm test`: prepares everything (fresh test databases), then runs every test:
# unit (*.spec.ts), integration against real PostgreSQL and Kafka (*.int-spec.ts) and
# end-to-end through the running services (*.e2e-spec.ts). Extra arguments go to jest.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if docker info >/dev/null 2>&1 && [ "${USE_TESTCONTAINERS:-}" != 0 ]; then
  export USE_TESTCONTAINERS=1
fi
bash scripts/prepare.sh --test
npx jest --selectProjects unit int e2e "$@"
