#!/usr/bin/env bash
# `npm run bench:<name>`: runs tools/src/bench/<name>.bench.ts against fresh test databases and a
# fresh broker of its own (scripts/test-kafka.sh), so a million benchmark events never reach the
# development broker.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/test-kafka.sh
fresh_test_kafka
trap stop_test_kafka EXIT
bash scripts/prepare.sh --test
node "dist/tools/src/bench/$1.bench.js"
