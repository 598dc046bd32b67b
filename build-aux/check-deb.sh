#!/bin/sh
# Builds the Debian packages (adept, adept-depsim) in a copy of the tree, checks them with
# lintian, installs them with apt-get, runs the programs from /usr/bin, checks that every
# file is where Debian policy wants it, purges them and checks that nothing is left.
# Installs system-wide (root, or sudo): meant for CI and for a machine where that is fine.
# Ends with "package check: passed" or "package check: FAILED (what)" and exits non-zero
# on any failure.
#   build-aux/check-deb.sh
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# Other builds on the machine may be installing: wait for the dpkg lock.
apt_get () { $SUDO apt-get -o DPkg::Lock::Timeout=900 -q -y "$@"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/adept-check-deb-XXXXXX")
installed_by_us=""
failures=""
fail () { echo "check-deb: $*" >&2; failures="$failures
  $*"; }
step () { echo "check-deb: $* ($(($(date +%s) - started)) s)"; }
cleanup () {
  if [ -n "$installed_by_us" ]; then
    apt_get purge adept adept-depsim >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
started=$(date +%s)

# The version the packages get is debian/changelog's; it must be the project's.
version=$(dpkg-parsechangelog -l "$srcdir/debian/changelog" -S Version)
project_version=$(grep -m 1 -oE "version: '[^']+'" "$srcdir/meson.build" | cut -d "'" -f 2)
if [ "$version" != "$project_version" ]; then
  fail "debian/changelog says $version, meson.build $project_version"
fi

# ---- Build, in a copy: the tree's own files, without build directories ----
tree="$work/adept-$version"
mkdir -p "$tree"
if [ -d "$srcdir/.git" ] || [ -f "$srcdir/.git" ]; then
  (cd "$srcdir" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$srcdir" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
    (cd "$srcdir" && xargs -0 cp --parents -t "$tree")
else
  (cd "$srcdir" && tar --exclude='./_build*' --exclude='./_fuzz' -cf - .) | (cd "$tree" && tar -xf -)
fi
step "building the packages in $tree"
if ! (cd "$tree" && DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b) \
     >"$work/build.log" 2>&1; then
  tail -n 60 "$work/build.log"
  fail "dpkg-buildpackage failed (log above)"
  echo "package check: FAILED$failures"
  exit 1
fi
grep -E '^ *[0-9]+/[0-9]+ .* (OK|FAIL|SKIP|ERROR|TIMEOUT)' "$work/build.log" | sed 's/^/  /' || true
grep -E '^(Ok|Fail|Skipped|Timeout): ' "$work/build.log" | sed 's/^/  /' || true
debs=$(ls "$work"/adept_"${version}"_*.deb "$work"/adept-depsim_"${version}"_*.deb)
step "built $(echo "$debs" | xargs -n 1 basename | tr '\n' ' ')"

# ---- lintian: errors and warnings fail; the rest is shown ----
if lintian --info --display-info --pedantic --fail-on error,warning \
     "$work"/adept_"${version}"_*.changes >"$work/lintian.log" 2>&1; then
  step "lintian: no error, no warning"
else
  fail "lintian found errors or warnings"
fi
sed 's/^/  /' "$work/lintian.log"
echo "  lintian tags: $(grep -cE '^[EWIPX]: ' "$work/lintian.log" || true)" \
  "(E $(grep -c '^E: ' "$work/lintian.log" || true), W $(grep -c '^W: ' "$work/lintian.log" || true)," \
  "I $(grep -c '^I: ' "$work/lintian.log" || true), P $(grep -c '^P: ' "$work/lintian.log" || true))"

# ---- Install ----
leftovers () {
  find /usr /etc /var/lib -xdev \( -path /var/lib/apt -o -path /var/lib/dpkg/updates \) -prune \
    -o -name '*adept*' -print 2>/dev/null | sort
}
leftovers >"$work/before"
if dpkg-query -W -f '${Status}' adept 2>/dev/null | grep -q installed; then
  fail "adept was installed before the check; it is purged first"
  apt_get purge adept adept-depsim >/dev/null
fi
installed_by_us=yes
# shellcheck disable=SC2086
if ! apt_get install --no-install-recommends $debs >"$work/install.log" 2>&1; then
  cat "$work/install.log"
  fail "apt-get install failed"
fi
step "installed"

clean_env () {
  mkdir -p "$work/home"
  env -i PATH=/usr/bin:/bin HOME="$work/home" LC_ALL=C.UTF-8 "$@"
}
expect () {  # what expected command…
  what=$1 expected=$2
  shift 2
  if ! got=$(clean_env "$@" 2>&1); then
    fail "$what: exited non-zero: $got"
  elif [ -n "$expected" ] && [ "$got" != "$expected" ]; then
    fail "$what: expected “$expected”, got “$got”"
  fi
}
# adept --version opens the settings: it works only once dpkg's trigger compiled the schema.
expect "adept --version" "adept $version" /usr/bin/adept --version
expect "adeptctl --version" "adeptctl $version" /usr/bin/adeptctl --version
expect "adeptctl --help" "" /usr/bin/adeptctl --help
expect "adept-depsim --help" "" /usr/bin/adept-depsim --help
expect "the schema in GSettings" "" gsettings list-keys io.github.adept.Adept
expect "man adeptctl" "/usr/share/man/man1/adeptctl.1.gz" man -w adeptctl
expect "man adept-depsim" "/usr/share/man/man1/adept-depsim.1.gz" man -w adept-depsim
expect "desktop-file-validate" "" desktop-file-validate /usr/share/applications/io.github.adept.Adept.desktop
expect "desktop-file-validate (demo)" "" desktop-file-validate /usr/share/applications/io.github.adept.Adept.Demo.desktop
# D-Bus activation (a notification clicked while the console is closed) starts the installed binary.
expect "the D-Bus service's Exec" "Exec=/usr/bin/adept --gapplication-service" \
  grep '^Exec=' /usr/share/dbus-1/services/io.github.adept.Adept.service
expect "appstreamcli validate" "" appstreamcli validate --strict --no-net --no-color \
  /usr/share/metainfo/io.github.adept.Adept.metainfo.xml
expect "bash-completion loads adeptctl's" "complete -F _adeptctl adeptctl" bash -c \
  '. /usr/share/bash-completion/bash_completion; __load_completion adeptctl; complete -p adeptctl'
expect "bash-completion loads adept-depsim's" "complete -F _adept_depsim adept-depsim" bash -c \
  '. /usr/share/bash-completion/bash_completion; __load_completion adept-depsim; complete -p adept-depsim'
if [ -e /etc/systemd/user/timers.target.wants/adept-sync.timer ]; then
  fail "adept-sync.timer was enabled for every user; it is each user's choice"
fi

# Every file where policy wants it.
dpkg -L adept adept-depsim | sort -u >"$work/files"
while read -r path; do
  { [ -z "$path" ] || [ -d "$path" ]; } && continue
  case $path in
    /usr/bin/adept | /usr/bin/adeptctl | /usr/bin/adept-depsim) ;;
    /usr/share/applications/io.github.adept.Adept.desktop) ;;
    /usr/share/applications/io.github.adept.Adept.Demo.desktop) ;;
    /usr/share/dbus-1/services/io.github.adept.Adept.service) ;;
    /usr/share/dbus-1/services/io.github.adept.Adept.Demo.service) ;;
    /usr/share/metainfo/io.github.adept.Adept.metainfo.xml) ;;
    /usr/share/glib-2.0/schemas/io.github.adept.Adept.gschema.xml) ;;
    /usr/share/icons/hicolor/scalable/apps/io.github.adept.Adept.svg) ;;
    /usr/share/icons/hicolor/symbolic/apps/io.github.adept.Adept-symbolic.svg) ;;
    /usr/lib/systemd/user/adept-sync.service | /usr/lib/systemd/user/adept-sync.timer) ;;
    /usr/share/man/man1/adept.1.gz | /usr/share/man/man1/adeptctl.1.gz) ;;
    /usr/share/man/man1/adept-depsim.1.gz) ;;
    /usr/share/bash-completion/completions/adeptctl) ;;
    /usr/share/bash-completion/completions/adept-depsim) ;;
    /usr/share/locale/*/LC_MESSAGES/adept.mo) ;;
    /usr/share/doc/adept/copyright | /usr/share/doc/adept/changelog.gz) ;;
    /usr/share/doc/adept-depsim/copyright | /usr/share/doc/adept-depsim/changelog.gz) ;;
    *) fail "$path: not a file these packages should have, or not where policy wants it" ;;
  esac
done <"$work/files"
for path in /usr/share/doc/adept/copyright /usr/share/doc/adept-depsim/copyright \
            /usr/share/man/man1/adeptctl.1.gz /usr/share/bash-completion/completions/adeptctl; do
  grep -qx "$path" "$work/files" || fail "$path is missing"
done
step "ran the programs from /usr/bin, checked $(wc -l <"$work/files") paths"

# ---- Purge: nothing is left ----
if apt_get purge adept adept-depsim >"$work/purge.log" 2>&1; then
  installed_by_us=""
else
  cat "$work/purge.log"
  fail "apt-get purge failed"
fi
for package in adept adept-depsim; do
  if dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -qv 'not-installed'; then
    fail "$package is still known to dpkg after the purge: $(dpkg-query -W -f '${Status}' "$package")"
  fi
done
while read -r path; do
  [ -z "$path" ] || [ -d "$path" ] || [ ! -e "$path" ] || fail "$path is left after the purge"
done <"$work/files"
if gsettings list-schemas | grep -qx io.github.adept.Adept; then
  fail "the schema is still compiled in after the purge"
fi
leftovers >"$work/after"
if ! diff -u "$work/before" "$work/after" >"$work/leftovers"; then
  cat "$work/leftovers"
  fail "files named adept were left behind"
fi
step "purged, nothing left"

if [ -n "$failures" ]; then
  echo "package check: FAILED$failures"
  exit 1
fi
echo "package check: passed ($(($(date +%s) - started)) s)"
