#!/usr/bin/env bash
# `npm start`: prepares everything, then runs the four services in the foreground with their logs
# interleaved. Ctrl-C (or SIGTERM) stops them cleanly; Kafka and PostgreSQL keep running
# (stop Kafka with `infra/kafka/kafka.sh stop`).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash scripts/prepare.sh
# Every route but /health needs an API key: a demo admin key, kept in .local/demo-admin.key and
# made again only when it is missing or revoked.
demo_key=$(node dist/tools/src/ops/api-keys-cli.js demo-admin --quiet)

# Readable logs for a person at a terminal; JSON lines otherwise (LOG_FORMAT=json to force).
if [ -t 1 ]; then export LOG_FORMAT=${LOG_FORMAT:-pretty}; fi

services=(catalog-inventory reservation fulfillment notification replenishment)
pids=()
stop_all() {
  trap - INT TERM
  echo "[start] stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  echo "[start] stopped"
}
trap 'stop_all; exit 0' INT TERM

# The SMTP sink takes the services' emails (port 1025) unless SMTP_HOST points at a
# real mail server or something already listens there (Mailpit, a previous sink).
smtp_port=${SMTP_PORT:-1025}
if [ -z "${SMTP_HOST:-}" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then
  node dist/tools/src/smtp-sink/smtp-sink.js &
  pids+=($!)
fi

for service in "${services[@]}"; do
  node "dist/apps/$service/src/main.js" &
  pids+=($!)
done

ports=("${CATALOG_INVENTORY_PORT:-3001}" "${RESERVATION_PORT:-3002}" "${FULFILLMENT_PORT:-3003}" "${NOTIFICATION_PORT:-3004}" "${REPLENISHMENT_PORT:-3005}")
for i in "${!services[@]}"; do
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:${ports[$i]}/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  if curl -sf "http://127.0.0.1:${ports[$i]}/health" >/dev/null 2>&1; then
    echo "[start] ${services[$i]} ready on http://127.0.0.1:${ports[$i]} (OpenAPI at /docs)"
  else
    echo "[start] ${services[$i]} is not ready on port ${ports[$i]}; see its log above"
  fi
done
# The merchant's console, in front of the services' public routes.
node dist/apps/console/src/main.js &
pids+=($!)
console_port=${CONSOLE_PORT:-3000}
for _ in $(seq 1 40); do curl -sf "http://127.0.0.1:$console_port/health" >/dev/null 2>&1 && break; sleep 0.25; done
echo "[start] console ready on http://127.0.0.1:$console_port (sign in with the demo admin key below)"
if [ "${DEMO_DATA:-true}" != "false" ]; then
  API_KEY=$demo_key node dist/tools/src/demo/seed-demo.js || true
fi
echo "[start] demo admin key (send it as the x-api-key header; kept in .local/demo-admin.key):"
echo "        $demo_key"
echo "[start] e.g. curl -H \"x-api-key: \$(cat .local/demo-admin.key)\" http://127.0.0.1:3002/stocks/1/skus/HDB-001/salable"
echo "[start] all services started; Ctrl-C stops them"
wait
