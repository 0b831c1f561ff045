#!/usr/bin/env bash
# Sets up the machine (packages, build) and runs the main job: the licensing
# service with its web interface on the embedded SQLite database and the
# bundled registry, seeded with one demo organisation and user per role
# (README, "API"). Open http://127.0.0.1:8080 and sign in as a demo user.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/precursor serve --demo --data "${PRECURSOR_SERVICE_DATA:-precursor-data}"
