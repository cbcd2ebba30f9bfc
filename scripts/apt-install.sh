#!/usr/bin/env bash
# Installs Debian packages for CI and the PostgreSQL test server (root).
#
#   scripts/apt-install.sh [--recommends] PKG...
#
# apt may be busy (another install, unattended upgrades on a fresh machine): it waits for apt's
# lock and retries; the package lists are fetched first on a machine that has none, and again
# when an install fails.
# Without --recommends, only what the packages need is installed.
set -euo pipefail
recommends=--no-install-recommends
if [ "${1:-}" = --recommends ]; then recommends=; shift; fi
[ $# -gt 0 ] || exit 0
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 "$@"; }
# A fresh machine may have no package lists yet.
compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null || apt update -qq || true
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if apt install -y -qq $recommends "$@" >/dev/null; then exit 0; fi
  echo "   apt-get install $* failed (attempt $attempt); retrying" >&2
  if [ "$attempt" = 1 ]; then apt update -qq || true; else sleep 10; fi
done
exit 1
