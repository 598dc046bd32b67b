#!/bin/sh
# bench-cli.sh — adeptctl's peak memory listing many devices (design.md §6: ≤ 40 MB)
#
#   bench/bench-cli.sh [BUILDDIR] [N_DEVICES] [RUNS]      (defaults: _build 100000 3)
#
# Starts the simulator with N_DEVICES, links a server as a new user does (key, token,
# import; a private D-Bus session and a throw-away keyring), syncs, then measures with
# /usr/bin/time the peak RSS of
#   devices fetch --all --json   (Apple's pages, printed as they come)
#   devices list --json / --csv  (the local store)
# and prints min/median/max over RUNS against the target, and the output's size.
#
# Copyright 2026 The Adept authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$srcdir/_build}" && pwd)
n=${2:-100000}
runs=${3:-3}

# A private bus and keyring: the server's secrets go in there, never in the user's.
if [ -z "${ADEPT_BENCH_CLI_INSIDE:-}" ]; then
  ADEPT_BENCH_CLI_INSIDE=1 exec dbus-run-session -- "$srcdir/build-aux/with-keyring.sh" \
    "$0" "$build" "$n" "$runs"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/adept-bench-cli-XXXXXX")
sim_pid=
cleanup () {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
# ADEPTCTL: another adeptctl to measure (an older build, for the figures before a change).
adeptctl=${ADEPTCTL:-$build/src/cli/adeptctl}
ctl () { "$adeptctl" --server bench "$@"; }

"$build/src/depsim/adept-depsim" --devices "$n" --seed 1 --session-idle 3600 \
  --accept-depsim-credentials >"$tmp/sim.out" &
sim_pid=$!
while [ ! -s "$tmp/sim.out" ]; do
  kill -0 "$sim_pid" || { echo "bench-cli: the simulator did not start" >&2; exit 1; }
  sleep 0.1
done
base=$(head -n 1 "$tmp/sim.out")

ctl key generate >/dev/null
ctl key export --out "$tmp/adept.pem" >/dev/null 2>&1
curl -sf --data-binary "@$tmp/adept.pem" -H 'Content-Type: application/json' \
  "$base/_adept/token" >"$tmp/Bench_Token_smime.p7m"
ctl token import "$tmp/Bench_Token_smime.p7m" --base-url "$base" >/dev/null
ctl sync >/dev/null

# Peak RSS in MB of one adeptctl run; its output goes to a file, as a script's would.
peak_mb () {
  /usr/bin/time -f "%M" -o "$tmp/rss" "$adeptctl" --server bench "$@" >"$tmp/out"
  awk '{ printf "%.1f", $1 / 1024 }' "$tmp/rss"
}

stats () { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { printf "%s/%s/%s", v[1], v[int((NR + 1) / 2)], v[NR] }'; }

echo "adeptctl peak RSS with $n devices, $runs runs; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-34s %18s  %s\n' "" "min/median/max MB" "target  met  output"
for verb in "devices fetch --all --json" "devices list --json" "devices list --csv"; do
  values=
  for i in $(seq "$runs"); do
    # shellcheck disable=SC2086
    values="$values $(peak_mb $verb)"
  done
  size=$(du -m "$tmp/out" | cut -f1)
  median=$(echo "$values" | stats | cut -d/ -f2)
  met=$(awk -v m="$median" 'BEGIN { print (m <= 40) ? "yes" : "no" }')
  printf '%-34s %18s  ≤ 40    %-4s %s MB\n' "adeptctl $verb" "$(echo "$values" | stats)" "$met" "$size"
done
