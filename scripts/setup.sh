#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the benchmarks need, then builds.
# Idempotent: safe to run again on a machine that already has everything.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  librdkit-dev libboost-dev libboost-iostreams-dev libboost-system-dev
  nlohmann-json3-dev libsqlite3-dev libsodium-dev libpqxx-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libzstd-dev libfccp-dev
  libgtest-dev libgmock-dev libbenchmark-dev libjemalloc-dev libvalijson-dev
  python3 python3-rdkit zstd iso-codes libqrencode-dev
  libopsin-java default-jre-headless libhyperscan-dev libgumbo-dev
  wrk curl
  postgresql-15
  gzip time util-linux
  chromium fonts-wqy-zenhei
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The web interface's end-to-end tests: Node.js (Debian's, unless one is
# already installed) and playwright-core from web/e2e/package-lock.json.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends nodejs npm
fi
if [ ! -d web/e2e/node_modules/playwright-core ] ||
   [ web/e2e/package-lock.json -nt web/e2e/node_modules/.package-lock.json ]; then
  npm ci --prefix web/e2e --no-audit --no-fund
fi
# The structure editor served to the browser (openchemlib, web/node_modules).
if [ ! -d web/node_modules/openchemlib ] ||
   [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  npm ci --prefix web --no-audit --no-fund
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build
