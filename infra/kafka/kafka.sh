#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft) on 127.0.0.1 from Maven Central jars, no Docker needed.
#   infra/kafka/kafka.sh start    download jars once, format storage once, start, wait until ready
#   infra/kafka/kafka.sh stop     stop the broker this script started
#   infra/kafka/kafka.sh status   exit 0 when a broker answers on the port
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (<repo>/.local/kafka),
# KAFKA_HEAP (512m).
# SASL/SCRAM: with KAFKA_SASL_PORT set, the broker also listens there with SASL_PLAINTEXT
# (SCRAM-SHA-256 and SCRAM-SHA-512), and the user KAFKA_SCRAM_USER (inventory) is given the
# password KAFKA_SCRAM_PASSWORD (required then) once the broker is up. The PLAINTEXT port stays
# open for the local services and tools.
# A cuttable path: with KAFKA_PROXIED_PORT and KAFKA_PROXIED_ADVERTISED_PORT set, the broker also
# listens (PLAINTEXT) on the first and tells clients of that listener to reach it on the second,
# where a TCP proxy runs (the faults run's network cut): a client bootstrapped through the proxy
# keeps every connection through it, so stopping the proxy cuts that client alone from the broker.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
data_dir=${KAFKA_DATA_DIR:-$repo/.local/kafka}
sasl_port=${KAFKA_SASL_PORT:-}
proxied_port=${KAFKA_PROXIED_PORT:-}
proxied_advertised_port=${KAFKA_PROXIED_ADVERTISED_PORT:-}
scram_user=${KAFKA_SCRAM_USER:-inventory}
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
  local sasl_listener=""
  [ -n "$sasl_port" ] && sasl_listener=",SASL_PLAINTEXT://127.0.0.1:$sasl_port"
  local proxied_listener="" proxied_advertised=""
  if [ -n "$proxied_port" ]; then
    proxied_listener=",PROXIED://127.0.0.1:$proxied_port"
    proxied_advertised=",PROXIED://127.0.0.1:${proxied_advertised_port:?KAFKA_PROXIED_PORT needs KAFKA_PROXIED_ADVERTISED_PORT}"
  fi
  sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@LOG_DIR@#$data_dir/logs#g" \
    -e "s#@SASL_LISTENER@#$sasl_listener#g" \
    -e "s#@PROXIED_LISTENER@#$proxied_listener#g" -e "s#@PROXIED_ADVERTISED@#$proxied_advertised#g" \
    "$here/server.properties.template" > "$data_dir/server.properties"
  if [ -n "$sasl_port" ]; then
    cat >>"$data_dir/server.properties" <<PROPERTIES
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
PROPERTIES
  fi
  if [ -f "$data_dir/logs/meta.properties" ]; then return; fi
  log "formatting KRaft storage in $data_dir/logs"
  local cluster_id
  cluster_id=$(java_run kafka.tools.StorageTool random-uuid | tail -n 1)
  java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$data_dir/server.properties" >/dev/null
}

# Gives the SCRAM user its password through the PLAINTEXT listener (works on storage formatted
# before SASL was turned on, and changes the password when it changed).
ensure_scram_user() {
  [ -n "$sasl_port" ] || return 0
  [ -n "${KAFKA_SCRAM_PASSWORD:-}" ] || { log "KAFKA_SASL_PORT needs KAFKA_SCRAM_PASSWORD"; return 1; }
  local mechanism
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do # one per request: the broker refuses two at once
    java_run kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" --alter --entity-type users \
      --entity-name "$scram_user" --add-config "$mechanism=[password=$KAFKA_SCRAM_PASSWORD]" >/dev/null
  done
  log "SASL/SCRAM on 127.0.0.1:$sasl_port for user $scram_user"
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
  ensure_scram_user
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
