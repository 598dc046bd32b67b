#!/bin/sh
# Installs what is missing, builds, and starts the console on the built-in demo simulator.
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir="${ADEPT_BUILDDIR:-$srcdir/_build}"

"$srcdir/build-aux/install-deps.sh"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir"
fi
meson compile -C "$builddir"

# The same environment as `meson devenv -C _build adept`: the build's schema and icons.
exec meson devenv -C "$builddir" adept --demo "$@"
