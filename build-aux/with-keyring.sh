#!/bin/sh
# Runs a command with a real, unlocked gnome-keyring-daemon serving the Secret Service on
# the current (private) session bus. Use inside dbus-run-session. The keyring's files and
# runtime directory are temporary and removed afterwards.
set -eu

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-keyring.sh: no session bus; run me inside dbus-run-session" >&2
  exit 2
fi

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/adept-keyring-XXXXXX")
mkdir -p "$keyring_home/data" "$keyring_home/runtime"
chmod 700 "$keyring_home" "$keyring_home/runtime"
export XDG_RUNTIME_DIR="$keyring_home/runtime"

# --unlock reads the password on stdin and creates the login keyring unlocked, so no
# prompt (which needs a display and a person) is ever shown; --start then registers the
# Secret Service on the bus.
# The tests' debugging settings (fatal warnings, malloc checks) are theirs, not the
# daemon's: a warning of its own would stop the keyring in the middle of a test.
daemon_env="env -u G_DEBUG -u G_ENABLE_DIAGNOSTIC -u MALLOC_CHECK_ -u MALLOC_PERTURB_"
printf 'adept-test-keyring' | HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" \
  $daemon_env gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" \
  $daemon_env gnome-keyring-daemon --start --components=secrets >/dev/null

# The daemon asks the bus for its name by itself, in its own time: the name may not be
# taken yet when the commands above return (seen right after --unlock 4 times in 5). Until
# it is, the pid below is missing, and a test's first call would have the bus start another
# keyring daemon (org.freedesktop.secrets is D-Bus activatable) with no unlocked keyring.
$daemon_env gdbus wait --session --timeout 60 org.freedesktop.secrets >/dev/null 2>&1 || true

# The daemon that owns the Secret Service on *this* bus is ours: stop that one by its pid.
# (Killing by name would also stop the keyrings of test runs going on beside this one.)
daemon_pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
  awk '/uint32/ { print $2 }')

cleanup () {
  if [ -n "$daemon_pid" ]; then
    kill "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT

if [ -z "$daemon_pid" ]; then
  echo "with-keyring.sh: gnome-keyring-daemon did not take org.freedesktop.secrets" >&2
  exit 1
fi

status=0
"$@" || status=$?
exit $status
