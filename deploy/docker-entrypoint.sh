#!/bin/sh
# Container entry point: with no arguments (or `start …`) it waits for the external PostgreSQL in DATABASE_URL, then
# execs the hub, which runs the migrations and starts; any other arguments run that quorum command instead.
set -eu
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then set -- start; fi
if [ "$1" = start ] && [ -n "${DATABASE_URL:-}" ]; then
  # Bounded by QUORUM_DB_WAIT_SECONDS (60): a database that never comes fails the container instead of hanging it.
  node --import tsx scripts/wait-for-database.ts
fi
# The two V8 flags give the hub a 64 MiB young generation from the start (docs/operations.md#node-flags).
# exec: the hub itself receives the container's SIGTERM and stops in order (HTTP, last commits, pools).
exec node --max-semi-space-size=64 --min-semi-space-size=64 --no-allocation-site-pretenuring bin/quorum.js "$@"
