# Sourced by scripts/test.sh and scripts/bench.sh: tests and benchmarks get a Kafka broker of their
# own on 127.0.0.1:9094, started empty for every run and stopped afterwards, so they never read the
# development broker's history (9092) nor leave their events in it.
export KAFKA_PORT=${TEST_KAFKA_PORT:-9094}
export KAFKA_CONTROLLER_PORT=${TEST_KAFKA_CONTROLLER_PORT:-9095}
export KAFKA_DATA_DIR=${TEST_KAFKA_DATA_DIR:-$repo/.local/kafka-test}
export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
# It also listens with SASL/SCRAM, for the test that a wrong password is refused (infra/kafka/kafka.sh).
export KAFKA_SASL_PORT=${TEST_KAFKA_SASL_PORT:-9096}
export KAFKA_SCRAM_USER=inventory-test
# And on a listener reached through a TCP proxy the faults run starts and stops (a network cut).
export KAFKA_PROXIED_PORT=${TEST_KAFKA_PROXIED_PORT:-9097}
export KAFKA_PROXIED_ADVERTISED_PORT=${TEST_KAFKA_PROXIED_ADVERTISED_PORT:-9098}
export KAFKA_SCRAM_PASSWORD=${TEST_KAFKA_SCRAM_PASSWORD:-scram-$RANDOM$RANDOM}

fresh_test_kafka() {
  bash "$repo/infra/kafka/kafka.sh" stop >/dev/null
  if bash "$repo/infra/kafka/kafka.sh" status >/dev/null 2>&1; then
    echo "[test] port $KAFKA_PORT is taken by a broker this script did not start; stop it or set TEST_KAFKA_PORT" >&2
    return 1
  fi
  rm -rf "$KAFKA_DATA_DIR"
}

stop_test_kafka() {
  bash "$repo/infra/kafka/kafka.sh" stop >/dev/null || true
}
