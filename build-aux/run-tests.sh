#!/bin/sh
# Installs what is missing, builds, and runs every test headless: an Xvfb display, a
# private D-Bus session and a real unlocked gnome-keyring. Ends with "N passed, N failed,
# N skipped" and exits non-zero on any failure.
#   build-aux/run-tests.sh [extra meson test arguments, e.g. --suite unit]
# ADEPT_FAIL_ON_SKIP=1 makes any skipped test fail the run (CI sets it).
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir="${ADEPT_BUILDDIR:-$srcdir/_build}"

"$srcdir/build-aux/install-deps.sh"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir"
fi
meson compile -C "$builddir"
# NanoDEP (Go) for the backend tests; without Go they report themselves skipped.
"$srcdir/build-aux/build-nanodep.sh" "$builddir"

status=0
# The default test setup (tests/meson.build) gives each test its own Xvfb display, D-Bus
# session and keyring (build-aux/test-wrapper.sh).
meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || status=$?

# ADEPT_FAIL_ON_SKIP=1 (CI): a skipped test is a failure, since CI has everything.
python3 "$srcdir/build-aux/test-summary.py" ${ADEPT_FAIL_ON_SKIP:+--fail-on-skip} \
  "$builddir/meson-logs/testlog.json" || status=1
exit $status
