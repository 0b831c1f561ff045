#!/usr/bin/env bash
# Sets up the machine (packages, build) and runs the main job: screening the
# example records against the bundled registry, all jurisdictions, today.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build/precursor screen --format table examples/seed.txt
