#!/usr/bin/env bash
# `make run`: migrate the embedded SQLite database, load the demo data if it is empty, then serve
# Jingqi on 127.0.0.1:8000 with a Huey consumer beside it. Running it again reuses what is there.
# JINGQI_PORT (and JINGQI_HOST) serve elsewhere: `JINGQI_PORT=8080 make run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
host=${JINGQI_HOST:-127.0.0.1}
port=${JINGQI_PORT:-8000}

# Police accounts sign in with a second factor (TOTP) in production. The demo switches it off so that
# it can be tried without an authenticator app; set JINGQI_TWO_FACTOR=required to try enrolment.
export JINGQI_TWO_FACTOR=${JINGQI_TWO_FACTOR:-off}

$bin/jingqi migrate --noinput
$bin/jingqi collectstatic --noinput --verbosity 0
# The login table is printed once, below, beside the address: not also by the load.
$bin/jingqi demo --if-empty --no-logins

$bin/jingqi run_huey --workers 1 --flush-locks --quiet &
huey_pid=$!
trap 'kill $huey_pid 2>/dev/null || true' EXIT INT TERM

echo
echo "Jingqi (警企通) is starting on http://$host:$port/"
$bin/jingqi demo --print-logins
[ "$JINGQI_TWO_FACTOR" = "off" ] && echo "(two-factor sign-in is off for this demo; JINGQI_TWO_FACTOR=required turns it on)"
echo
$bin/gunicorn jingqi.wsgi --bind "$host:$port" --workers 2 --access-logfile - --graceful-timeout 5
