#!/bin/sh
# Installs the Debian 12 packages Adept needs to build, run and test.
# Idempotent: it only calls apt-get when something is missing.
set -eu

PACKAGES="
  build-essential meson ninja-build pkg-config gettext itstool
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libyajl-dev libgnutls28-dev libtasn1-6-dev libsecret-1-dev libsqlite3-dev
  desktop-file-utils appstream libxml2-utils iso-codes
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  openssl imagemagick clang llvm libclang-rt-14-dev
  postgresql postgresql-common postgresql-client
  scdoc man-db groff-base bash-completion x11-utils
  dpkg-dev debhelper lintian locales
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO="sudo"
fi

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  # Several builds may install at once (worktrees side by side): wait for the dpkg lock.
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -q
  # shellcheck disable=SC2086
  $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $missing
fi

# The German UI test formats dates as a German admin sees them (month names come from the
# C library's locale, not from Adept's catalog).
if ! locale -a 2>/dev/null | grep -qix 'de_DE.utf-\{0,1\}8'; then
  echo "Generating the de_DE.UTF-8 locale"
  $SUDO sed -i 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  $SUDO locale-gen
fi
