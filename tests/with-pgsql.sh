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

# pg_virtualenv takes 5432 unless told otherwise; test runs beside this one (and a
# system cluster) may have it. The port is free when asked; pg_createcluster binds it.
PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PGPORT
export ADEPT_NANODEP_STORAGE=pgsql
exec pg_virtualenv -t "$@"
