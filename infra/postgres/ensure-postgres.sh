#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on ${PGHOST:-127.0.0.1}:${PGPORT:-5432} for user
# ${PGUSER:-postgres} without a password (trust auth, as on the build machines). Starts the local
# Debian cluster when it is stopped; installs PostgreSQL from Debian's packages when it is absent.
set -euo pipefail
host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}
user=${PGUSER:-postgres}
log() { echo "[postgres] $*"; }

ready() { pg_isready -q -h "$host" -p "$port" -U "$user" 2>/dev/null; }

if command -v pg_isready >/dev/null && ready; then log "ready on $host:$port"; exit 0; fi

if ! command -v pg_ctlcluster >/dev/null; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "no PostgreSQL server on $host:$port and none installed; start one or set PGHOST/PGPORT"; exit 1
  fi
  log "installing PostgreSQL from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  # Local development only: trust connections from this machine, like the build machines do.
  sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "/etc/postgresql/$version/main/pg_hba.conf"
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
log "starting cluster $version/main"
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
for _ in $(seq 1 60); do ready && { log "ready on $host:$port"; exit 0; }; sleep 0.5; done
log "not ready after 30 s"; exit 1
