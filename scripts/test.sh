#!/usr/bin/env bash
# Sets up the machine (packages, build) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
# The parsers and readers under AddressSanitizer/UBSan, then fuzzed.
scripts/sanitize.sh
