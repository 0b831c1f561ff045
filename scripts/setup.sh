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
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-rdkit zstd
  wrk curl
  gzip time util-linux
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

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build
