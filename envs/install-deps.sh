#!/usr/bin/env bash
# Install whichever Debian packages from envs/debian-packages.txt are missing. Idempotent: a
# machine that has them all does nothing (and needs no network).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t wanted < <(grep -v '^\s*#' "$here/debian-packages.txt" | grep -v '^\s*$')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "press: installing missing Debian packages: ${missing[*]}" >&2
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# No recommends: snakemake alone would pull in (and byte-compile) cloud SDKs we never use.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
