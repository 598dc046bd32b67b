#!/bin/sh
# Builds the pinned NanoDEP (github.com/micromdm/nanodep) the backend tests run: its
# depserver and depsyncer, from the Go module proxy, into BUILDDIR/nanodep:
#   bin/          depserver, depsyncer (and NanoDEP's other small tools)
#   gomod/        the module cache (NanoDEP's source, storage/pgsql/schema.sql)
#   gocache/      Go's build cache
#   stamp         what was built, so a second run returns at once
# Everything Go writes stays there: the tests run with a throwaway HOME.
#   build-aux/build-nanodep.sh [BUILDDIR]
# Needs Go >= 1.24 (on PATH or at /usr/local/go; ADEPT_GO=PATH picks one). Without it the script says so and exits
# 0, and the backend tests report themselves skipped; with ADEPT_REQUIRE_NANODEP=1 (CI)
# a missing Go is a failure.
set -eu

NANODEP_VERSION=v0.7.0
GO_MIN_MINOR=24

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir="${1:-${ADEPT_BUILDDIR:-$srcdir/_build}}"
out="$builddir/nanodep"

missing_go () {
  echo "build-nanodep: $1; the NanoDEP tests will be skipped (Go >= 1.$GO_MIN_MINOR is needed to build NanoDEP)" >&2
  if [ "${ADEPT_REQUIRE_NANODEP:-0}" = 1 ]; then
    exit 1
  fi
  exit 0
}

# ADEPT_GO names another toolchain (or none, to try the skip path).
go=${ADEPT_GO-$(command -v go 2>/dev/null || true)}
if [ -z "$go" ] && [ -z "${ADEPT_GO+set}" ] && [ -x /usr/local/go/bin/go ]; then
  go=/usr/local/go/bin/go
fi
if [ -z "$go" ] || [ ! -x "$go" ]; then
  missing_go "no Go toolchain on PATH or at /usr/local/go"
fi

# "go1.26.8" → 26; a toolchain older than NanoDEP's go.mod would try to fetch a newer one.
go_version=$(GOTOOLCHAIN=local "$go" env GOVERSION 2>/dev/null || true)
minor=$(echo "$go_version" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
if [ -z "$minor" ] || [ "$minor" -lt "$GO_MIN_MINOR" ]; then
  missing_go "$go is ${go_version:-of an unknown version}"
fi

stamp="nanodep $NANODEP_VERSION built with $go_version, version stamped"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] &&
   [ -x "$out/bin/depserver" ] && [ -x "$out/bin/depsyncer" ]; then
  exit 0
fi

mkdir -p "$out/bin" "$out/gomod" "$out/gocache" "$out/gopath"
rm -f "$out/stamp"
echo "build-nanodep: building NanoDEP $NANODEP_VERSION with $go_version" >&2
# GOTOOLCHAIN=local: build with this Go or fail, never download another toolchain.
# -modcacherw: the cache stays removable with rm -rf like the rest of the build folder.
# -X main.version: /version and -version say v0.7.0, as NanoDEP's release builds do.
# The modules come from the Go module proxy: a download that failed on the way (CI's
# network) is tried again, twice, before the build gives up.
attempt=1
until env GOBIN="$out/bin" GOMODCACHE="$out/gomod" GOCACHE="$out/gocache" GOPATH="$out/gopath" \
    GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    "$go" install -modcacherw -ldflags "-X main.version=$NANODEP_VERSION" \
    "github.com/micromdm/nanodep/cmd/...@$NANODEP_VERSION"; do
  if [ $attempt -ge 3 ]; then
    echo "build-nanodep: go install failed $attempt times" >&2
    exit 1
  fi
  echo "build-nanodep: go install failed; trying again" >&2
  attempt=$((attempt + 1))
  sleep 10
done
echo "$stamp" > "$out/stamp"
