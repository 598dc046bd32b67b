#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster (Debian's pg_virtualenv -t: a
# temporary cluster directory even as root), for the NanoDEP tests with pgsql storage.
# The command sees PGHOST, PGPORT, PGUSER, PGPASSWORD and ADEPT_NANODEP_STORAGE=pgsql;
# the cluster is removed afterwards. Without PostgreSQL it reports a skip (exit 77).
set -eu

if ! command -v pg_virtualenv >/dev/null 2>&1; then
  echo "skipped: PostgreSQL is not installed (build-aux/install-deps.sh installs it)"
  exit 77
fi

export ADEPT_NANODEP_STORAGE=pgsql
# The command writes this file first: a run that leaves it empty never got a cluster.
started=$(mktemp "${TMPDIR:-/tmp}/adept-pgsql-XXXXXX")
trap 'rm -f "$started"' EXIT
trap 'exit 130' INT TERM

# pg_virtualenv takes 5432 unless told otherwise; test runs beside this one (and a
# system cluster) may have it. A port free when asked may be taken by another test's
# server before the cluster binds it (postgres then stops: "could not create any TCP/IP
# sockets"): then the cluster is made again on another port.
attempt=1
while :; do
  PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export PGPORT
  : >"$started"
  status=0
  pg_virtualenv -t sh -c 'echo started >"$0"; exec "$@"' "$started" "$@" || status=$?
  if [ -s "$started" ] || [ $attempt -ge 5 ]; then
    exit $status
  fi
  echo "with-pgsql: PostgreSQL did not start on port $PGPORT; trying another port" >&2
  attempt=$((attempt + 1))
done
