#!/usr/bin/env bash
# Installs the Debian 12 packages Poolbook builds, tests and runs with. Safe to run again.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libboost-dev libsoci-dev libsqlite3-dev sqlite3 libssl-dev nlohmann-json3-dev libcpp-httplib-dev
  libgtest-dev libbenchmark-dev libcli11-dev clang-tidy
  hledger ledger chromium chromium-driver fonts-dejavu-core
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
