#!/usr/bin/env bash
# The README's test command: installs what it needs, builds, and runs every
# test through ctest (unit tests plain and with ASan+UBSan, integration
# tests with real HAProxy processes in network namespaces). Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure "$@"
