#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs one of them.
#   bench/fuzz-token.sh [SECONDS] [TARGET]      TARGET: token (default) or token-payload
# The corpus grows in a scratch copy under _fuzz/; findings land in tests/fuzz/crashes/.
set -eu

seconds=${1:-600}
target=${2:-token}
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/_fuzz"

cd "$root"
if [ ! -d "$build" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Dbuildtype=debugoptimized
fi
meson compile -C "$build" "fuzz-$target"

work="$build/corpus-$target"
mkdir -p "$work" "$root/tests/fuzz/crashes"
cp -n "$root/tests/fuzz/corpus/$target"/* "$work/" 2>/dev/null || true

"$build/tests/fuzz/fuzz-$target" \
  -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix="$root/tests/fuzz/crashes/$target-" \
  "$work" "$root/tests/fuzz/corpus/$target"
