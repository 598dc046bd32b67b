#!/bin/sh
# Meson's default test setup runs every test through this script, so `meson test -C _build`
# works on its own: each test gets a display of its own (Xvfb), a private D-Bus session and
# a real, unlocked gnome-keyring (with-keyring.sh), all removed afterwards.
#   build-aux/test-wrapper.sh program [arguments]
# Without those tools it fails at once, saying which are missing.
set -eu

srcdir=$(cd "${0%/*}/.." && pwd)

missing=
for tool in Xvfb dbus-run-session gnome-keyring-daemon dbus-send; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "Adept's tests run in a private display, D-Bus session and keyring, but these programs are missing:$missing; install them with build-aux/install-deps.sh." >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/adept-test-display-XXXXXX")
xvfb_pid=

cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# -displayfd: the server picks a free display and writes its number once it accepts
# clients, so parallel tests never race for one (as `xvfb-run -a` may).
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$work/display" \
  >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!

# Up to a minute (1200 x 0.05 s): on a loaded machine Xvfb and the xkbcomp it runs may take
# seconds; the loop ends as soon as the display number is written.
tries=0
while [ ! -s "$work/display" ]; do
  if ! kill -0 "$xvfb_pid" 2>/dev/null || [ $tries -ge 1200 ]; then
    echo "Adept's tests need a display, but Xvfb did not start: $(tail -n 1 "$work/xvfb.log" 2>/dev/null)" >&2
    exit 1
  fi
  tries=$((tries + 1))
  sleep 0.05
done
DISPLAY=":$(head -n 1 "$work/display")"
export DISPLAY
unset WAYLAND_DISPLAY

status=0
dbus-run-session -- "$srcdir/build-aux/with-keyring.sh" "$@" || status=$?
exit $status
