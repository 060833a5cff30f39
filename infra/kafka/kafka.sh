#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft) on 127.0.0.1 from Maven Central jars, no Docker needed.
#   infra/kafka/kafka.sh start    download jars once, format storage once, start, wait until ready
#   infra/kafka/kafka.sh stop     stop the broker this script started
#   infra/kafka/kafka.sh status   exit 0 when a broker answers on the port
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (<repo>/.local/kafka),
# KAFKA_HEAP (512m).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
data_dir=${KAFKA_DATA_DIR:-$repo/.local/kafka}
lib="$here/lib"
pid_file="$data_dir/kafka.pid"
log_file="$data_dir/kafka.log"

log() { echo "[kafka] $*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_jars() {
  if [ -f "$lib/.complete" ]; then return; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is needed to fetch the Kafka jars"; exit 1; }
  log "fetching Apache Kafka jars from Maven Central (once)"
  rm -rf "$lib"
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies
  touch "$lib/.complete"
}

java_run() { java -cp "$lib/*" -Dlog4j2.configurationFile="$here/log4j2.yaml" "$@"; }

ensure_storage() {
  mkdir -p "$data_dir"
  sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@LOG_DIR@#$data_dir/logs#g" \
    "$here/server.properties.template" > "$data_dir/server.properties"
  if [ -f "$data_dir/logs/meta.properties" ]; then return; fi
  log "formatting KRaft storage in $data_dir/logs"
  local cluster_id
  cluster_id=$(java_run kafka.tools.StorageTool random-uuid | tail -n 1)
  java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$data_dir/server.properties" >/dev/null
}

wait_ready() {
  for _ in $(seq 1 120); do
    if port_open "$port"; then log "ready on 127.0.0.1:$port"; return 0; fi
    if [ -f "$pid_file" ] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      log "broker exited; last lines of $log_file:"; tail -n 30 "$log_file"; return 1
    fi
    sleep 0.5
  done
  log "not ready after 60 s; see $log_file"; return 1
}

start() {
  if port_open "$port"; then log "already running on 127.0.0.1:$port"; return 0; fi
  ensure_jars
  ensure_storage
  log "starting broker (log: $log_file)"
  nohup java -Xms256m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC -cp "$lib/*" \
    -Dlog4j2.configurationFile="$here/log4j2.yaml" kafka.Kafka "$data_dir/server.properties" \
    >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  wait_ready
}

stop() {
  if [ ! -f "$pid_file" ]; then log "not started by this script"; return 0; fi
  local pid; pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pid_file"; log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) port_open "$port" && log "running on 127.0.0.1:$port" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
