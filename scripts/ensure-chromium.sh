#!/usr/bin/env bash
# The console's browser tests drive Debian's Chromium with playwright-core (no browser download):
# installs it from Debian's packages when it is missing.
set -euo pipefail
if command -v chromium >/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[chromium] not installed, and this user cannot install it: apt-get install chromium (or set CHROMIUM_PATH)" >&2
  exit 1
fi
echo "[chromium] installing Debian's chromium for the browser tests"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
