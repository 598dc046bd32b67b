#!/bin/bash
# `meson install` into a temporary DESTDIR gives what a user and a package need, and the
# installed programs work from there: --help and --version, the desktop file and the
# AppStream metainfo validate, man finds the pages, bash-completion finds the completions.
# With --console (needs a display and a session bus) it also starts the installed console
# and sees its window, and checks that a second start opens the running one's window (also
# for the demo, an instance of its own).
#   test-install.sh [--console] [--no-man] MESON BUILDDIR PREFIX BINDIR DATADIR MANDIR UNITDIR COMPLETIONSDIR
# (directories as meson configured them; TAP). --no-man: built without the manual pages.
set -u

arguments=("$@")
console="" man_pages="adept.1 adeptctl.1 adept-depsim.1"
while [[ $1 == --* ]]; do
  case $1 in
    --console) console=$1 ;;
    --no-man) man_pages="" ;;
  esac
  shift
done
meson=$1 builddir=$2 prefix=$3 bindir=$4 datadir=$5 mandir=$6 unitdir=$7 completionsdir=$8

# The console runs on a display, session bus and keyring of its own: the console tests
# beside this one have windows titled "Adept" too, and the bus names must be free.
if [ -n "$console" ] && [ -z "${ADEPT_INSTALL_TEST_SESSION-}" ]; then
  export ADEPT_INSTALL_TEST_SESSION=1
  exec xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- \
    "$(dirname "$0")/../build-aux/with-keyring.sh" "$0" "${arguments[@]}"
fi
app_id=io.github.adept.Adept
version=$(grep -m 1 -oE "version: '[^']+'" "$(dirname "$0")/../meson.build" | cut -d "'" -f 2)

n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '# %s\n' "$@"; }
check () {  # what expected actual
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "got:      $3"; fi
}
run_ok () {  # what command…: exits 0; its output is in $work/out
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then ok "$what"; else not_ok "$what" "$(head -n 20 "$work/out")"; fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/adept-test-install-XXXXXX")
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

destdir="$work/root"
run_ok "meson install --destdir" "$meson" install -C "$builddir" --no-rebuild --quiet --destdir "$destdir"
root="$destdir"
# Relative options are relative to the prefix.
in_prefix () { case $1 in /*) echo "$root$1" ;; *) echo "$root$prefix/$1" ;; esac; }
bin=$(in_prefix "$bindir") share=$(in_prefix "$datadir") man=$(in_prefix "$mandir")
units="$root$unitdir" completions="$root$completionsdir"

missing=""
for file in "$bin/adept" "$bin/adeptctl" "$bin/adept-depsim" \
            "$share/applications/$app_id.desktop" "$share/metainfo/$app_id.metainfo.xml" \
            "$share/applications/$app_id.Demo.desktop" \
            "$share/dbus-1/services/$app_id.service" "$share/dbus-1/services/$app_id.Demo.service" \
            "$share/glib-2.0/schemas/$app_id.gschema.xml" \
            "$share/icons/hicolor/scalable/apps/$app_id.svg" \
            "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
            "$units/adept-sync.service" "$units/adept-sync.timer" \
            $(for page in $man_pages; do echo "$man/man1/$page"; done) \
            "$completions/adeptctl" "$completions/adept-depsim"; do
  [ -f "$file" ] || missing="$missing ${file#"$root"}"
done
check "every file is installed where it belongs" "" "$missing"
missing=""
for program in adept adeptctl adept-depsim; do
  [ -x "$bin/$program" ] || missing="$missing $program"
done
check "the programs are executable" "" "$missing"
# A DESTDIR install is a package's: the schema cache, icon cache and desktop database
# are the package manager's to build (its triggers), not files of the package.
check "no caches in a DESTDIR install" "" \
  "$(find "$root" -name gschemas.compiled -o -name icon-theme.cache -o -name mimeinfo.cache)"
check "the timer's service runs the installed adeptctl" "yes" \
  "$(grep -q "^ExecStart=${bin#"$root"}/adeptctl sync" "$units/adept-sync.service" && echo yes)"

# The installed programs, with the installed schema compiled as a package trigger does.
mkdir -p "$work/schemas" "$work/home/data" "$work/home/config" "$work/home/cache"
glib-compile-schemas --strict --targetdir="$work/schemas" "$share/glib-2.0/schemas"
export GSETTINGS_SCHEMA_DIR="$work/schemas" GSETTINGS_BACKEND=memory
export XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config" \
       XDG_CACHE_HOME="$work/home/cache" XDG_DATA_DIRS="$share:/usr/local/share:/usr/share"
export LANGUAGE= LC_ALL=C.UTF-8

run_ok "adeptctl --help" "$bin/adeptctl" --help
check "adeptctl --help lists the verbs" "yes" "$(grep -q '^  key generate ' "$work/out" && echo yes)"
run_ok "adeptctl --version" "$bin/adeptctl" --version
check "adeptctl --version says $version" "adeptctl $version" "$(cat "$work/out")"
run_ok "adept --version" "$bin/adept" --version
check "adept --version says $version" "adept $version" "$(cat "$work/out")"
run_ok "adept --help" "$bin/adept" --help
check "adept --help has --demo and --version" "yes" \
  "$(grep -q -- '--demo' "$work/out" && grep -q -- '--version' "$work/out" && echo yes)"
run_ok "adept-depsim --help" "$bin/adept-depsim" --help
check "adept-depsim --help names its verbs" "yes" \
  "$(grep -q 'Verbs drive a running simulator' "$work/out" && echo yes)"

run_ok "desktop-file-validate the installed desktop files" \
  desktop-file-validate "$share/applications/$app_id.desktop" "$share/applications/$app_id.Demo.desktop"
check "desktop-file-validate says nothing" "" "$(cat "$work/out")"
installed_bin=$(case $bindir in /*) echo "$bindir" ;; *) echo "$prefix/$bindir" ;; esac)
check "the D-Bus service files start the installed console" \
  "Exec=$installed_bin/adept --gapplication-service|Exec=$installed_bin/adept --demo --gapplication-service" \
  "$(grep -h '^Exec=' "$share/dbus-1/services/$app_id.service" "$share/dbus-1/services/$app_id.Demo.service" | tr '\n' '|' | sed 's/|$//')"
run_ok "appstreamcli validate --strict the installed metainfo" \
  appstreamcli validate --strict --no-net "$share/metainfo/$app_id.metainfo.xml"

if [ -n "$man_pages" ]; then
  check "man finds the installed pages by name" \
    "$man/man1/adept.1 $man/man1/adeptctl.1 $man/man1/adept-depsim.1" \
    "$(MANPATH="$man" man -w adept adeptctl adept-depsim 2>&1 | tr '\n' ' ' | sed 's/ $//')"
fi

# bash-completion loads a program's completion on first use from XDG_DATA_DIRS.
check "bash-completion finds the installed completions" \
  "complete -F _adeptctl adeptctl|complete -F _adept_depsim adept-depsim" \
  "$(bash -c 'source /usr/share/bash-completion/bash_completion
              __load_completion adeptctl && __load_completion adept-depsim
              complete -p adeptctl; complete -p adept-depsim' 2>&1 | tr '\n' '|' | sed 's/|$//')"

if [ -z "$console" ]; then
  echo "1..$n"
  exit $((failed > 0))
fi

# ---- The installed console under the display ----
export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1

# Every window mapped on the root is an event from xev; each one (or a second without
# one) checks the windows again, until a deadline.
exec {xev}< <(exec stdbuf -oL xev -root -event substructure)
pids+=($!)

# The number of viewable top-level windows with this title.
windows_titled () {
  local id count=0
  for id in $(xwininfo -root -children | grep -oE '^ +0x[0-9a-f]+'); do
    xwininfo -id "$id" | grep -q 'Map State: IsViewable' || continue
    [ "$(xprop -id "$id" _NET_WM_NAME 2>/dev/null)" = "_NET_WM_NAME(UTF8_STRING) = \"$1\"" ] &&
      count=$((count + 1))
  done
  echo $count
}

wait_for_windows () {  # title count
  local deadline=$((SECONDS + 90))
  until [ "$(windows_titled "$1")" = "$2" ]; do
    [ $SECONDS -lt $deadline ] || return 1
    read -r -t 1 -u "$xev" _
    [ $? -ne 1 ] || return 1   # xev is gone (the display with it)
  done
}

# Starts the installed console (at most 5 minutes) with these arguments; its pid is $started.
start_console () {
  timeout 300 "$bin/adept" "$@" >>"$work/console.log" 2>&1 &
  started=$!
  pids+=($started)
}

# The console's D-Bus calls to an application id, as dbus-monitor sees them.
exec {monitor}< <(exec stdbuf -oL dbus-monitor --session "type='method_call',interface='org.gtk.Application'")
pids+=($!)
read -r -t 30 -u "$monitor" _   # dbus-monitor's first line: it is listening

# A second start that finds its instance running hands over and exits; the one running
# gets Activate and shows its window again, and no second window opens.
wait_for_activate () {  # application id
  local line deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ] && read -r -t 10 -u "$monitor" line; do
    [[ $line == *"destination=$1 "*"member=Activate"* ]] && return 0
  done
  return 1
}

start_console
console_pid=$started
if gdbus wait --session --timeout 90 "$app_id" && wait_for_windows "Adept" 1; then
  ok "the installed console shows its window"
else
  not_ok "the installed console shows its window" "$(tail -n 20 "$work/console.log")"
fi
run_ok "adept again exits at once" timeout 60 "$bin/adept"
if wait_for_activate "$app_id"; then ok "… and activates the running console"; else
  not_ok "… and activates the running console"; fi
check "… which still has one window" 1 "$(windows_titled "Adept")"

# The demo runs beside the real console, with data of its own; a second demo start shows it.
start_console --demo
demo_pid=$started
if gdbus wait --session --timeout 90 "$app_id.Demo" && wait_for_windows "Adept — Demo" 1; then
  ok "adept --demo opens the demo beside the console"
else
  not_ok "adept --demo opens the demo beside the console" "$(tail -n 20 "$work/console.log")"
fi
run_ok "adept --demo again exits at once" timeout 60 "$bin/adept" --demo
if wait_for_activate "$app_id.Demo"; then ok "… and activates the running demo"; else
  not_ok "… and activates the running demo"; fi
check "… one demo window and one console window" "1 1" \
  "$(windows_titled "Adept — Demo") $(windows_titled "Adept")"

# The desktop file's "Start the Demo" reaches a D-Bus activatable console as ActivateAction
# ("demo") on its id: the console starts the demo, a process of its own.
gdbus call --session --dest "$app_id.Demo" --object-path "/${app_id//.//}/Demo" \
  --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
wait "$demo_pid"
status_demo=$?
gdbus call --session --dest "$app_id" --object-path "/${app_id//.//}" \
  --method org.freedesktop.Application.ActivateAction demo '[]' '{}' >/dev/null
if gdbus wait --session --timeout 90 "$app_id.Demo" && wait_for_windows "Adept — Demo" 1; then
  ok "ActivateAction demo on the console starts the demo"
else
  not_ok "ActivateAction demo on the console starts the demo" "$(tail -n 20 "$work/console.log")"
fi

# app.quit over D-Bus closes each as the menu does; both exit cleanly.
for id in "$app_id" "$app_id.Demo"; do
  gdbus call --session --dest "$id" --object-path "/${id//.//}" \
    --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
done
wait "$console_pid"
status_console=$?
name_owned () {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}
deadline=$((SECONDS + 60))
while name_owned "$app_id.Demo" && [ $SECONDS -lt $deadline ]; do
  read -r -t 1 -u "$xev" _ || true
done
check "app.quit ends the console and the demo (exit statuses; the started demo is gone)" \
  "0 0 gone" "$status_console $status_demo $(name_owned "$app_id.Demo" && echo running || echo gone)"
check "the console logged no warning" "" \
  "$(grep -E 'WARNING|CRITICAL|ERROR' "$work/console.log" | head -n 5)"

echo "1..$n"
[ $failed -eq 0 ]
