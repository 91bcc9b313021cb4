#!/usr/bin/env bash
# Installs the dependencies and builds Poolbook (Release) into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2
