#!/usr/bin/env bash
# Sets up the machine (packages, build) and runs the main job: the licensing
# service with its web interface on the embedded SQLite database and the
# bundled registry, seeded with one demo organisation and user per role
# (README, "API"). Open http://127.0.0.1:8080 and sign in as a demo user.
#
# The demo users' passwords are public. PRECURSOR_DEMO=0 starts without
# them (on a data directory that never had them); create real users with
# `build/precursor admin` (README, "API").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
data="${PRECURSOR_SERVICE_DATA:-precursor-data}"
if [ "${PRECURSOR_DEMO:-1}" = "0" ]; then
  echo "run.sh: starting without demo users; create an organisation and a user with:" >&2
  echo "  build/precursor admin create-org --name NAME --kind exporter --country CN --data $data" >&2
  echo "  build/precursor admin create-user --username NAME --org ID --data $data   # password on stdin" >&2
  exec build/precursor serve --data "$data"
fi
echo "run.sh: WARNING: starting with demo users whose passwords are public (README); PRECURSOR_DEMO=0 starts without them" >&2
exec build/precursor serve --demo --data "$data"
