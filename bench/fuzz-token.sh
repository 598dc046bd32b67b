#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs one of them.
#   bench/fuzz-token.sh [SECONDS] [TARGET]   TARGET: token (default), token-payload, json-guard, page-parser
# Inputs reach 1 MiB from the start (-len_control=0: libFuzzer's default cap of 4 KB, grown
# slowly, hid the deep-JSON crash of issue 16), and the JSON targets get a dictionary and
# seeds nested past the guard's limit.
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

dict=
case "$target" in
  token-payload|json-guard|page-parser) dict="-dict=$root/tests/fuzz/dict/json.dict" ;;
esac

# -rss_limit_mb: a 1 MiB input may legitimately take a few hundred MiB under ASan.
"$build/tests/fuzz/fuzz-$target" \
  -max_total_time="$seconds" -max_len=1048576 -len_control=0 -rss_limit_mb=4096 -timeout=30 \
  -print_final_stats=1 $dict \
  -artifact_prefix="$root/tests/fuzz/crashes/$target-" \
  "$work" "$root/tests/fuzz/corpus/$target"
