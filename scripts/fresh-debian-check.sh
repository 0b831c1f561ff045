#!/usr/bin/env bash
# Proves the README's set-up on a machine that has nothing: makes a minimal
# Debian 12 root with debootstrap, copies the committed tree (git HEAD) into
# it and runs the README's test command there as root, with Debian's own
# Node.js. Needs root, debootstrap and network access to Debian's mirror and
# the npm registry.
#
#   scripts/fresh-debian-check.sh [ROOT]     (default: a new directory under /tmp)
#
# KEEP_ROOT=1 leaves the root in place for a second run (packages already in).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
given_root=${1:-}
root=${given_root:-$(mktemp -d /tmp/precursor-fresh-debian.XXXXXX)}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ ! -x "$root/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$root" "$mirror"
  # debootstrap writes only the main suite; security updates come as on any
  # Debian 12 installation.
  cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"

rm -rf "$root/src/precursor"
mkdir -p "$root/src/precursor"
git -C "$repo" archive HEAD | tar -x -C "$root/src/precursor"

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" || umount -l "${mounted[i]}" || true; done
  # Never remove a root that still has the host's /dev or /proc mounted in it.
  if [ -z "${KEEP_ROOT:-}" ] && [ -z "$given_root" ] && ! grep -q " $root/" /proc/mounts; then
    rm -rf "$root"
  fi
}
trap cleanup EXIT
for fs in proc sys dev dev/pts dev/shm; do
  mkdir -p "$root/$fs"
  mount --bind "/$fs" "$root/$fs"
  mounted+=("$root/$fs")
done

# A network that intercepts TLS needs its certificate authority in the root
# too: the host's extra CA bundle for Node.js is passed through, nothing else.
extra_ca=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  cp "$NODE_EXTRA_CA_CERTS" "$root/etc/host-extra-ca.crt"
  extra_ca=(NODE_EXTRA_CA_CERTS=/etc/host-extra-ca.crt)
fi

chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "${extra_ca[@]}" \
  bash -c 'cd /src/precursor && node_version=$(command -v node >/dev/null && node --version || echo none) &&
           echo "node before set-up: $node_version" && scripts/test.sh && echo "node used: $(node --version)"'
