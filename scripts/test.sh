#!/usr/bin/env bash
# `make test`: lint, migrations check, then the whole suite on SQLite and on a throwaway PostgreSQL.
#   JINGQI_REQUIRE_POSTGRES=1  fail (rather than skip) when no PostgreSQL server binaries are found
#   JINGQI_REQUIRE_BROWSER=1   fail (rather than skip) when no Chromium is found for the browser suite
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.venv/bin
export PATH="$bin:$PATH"
export JINGQI_VAR_DIR=${JINGQI_VAR_DIR:-$(mktemp -d)}
workers=${JINGQI_TEST_WORKERS:-2}

echo "== ruff"
ruff check src scripts bench
echo "== makemigrations --check"
DATABASE_URL="sqlite:///$JINGQI_VAR_DIR/check.sqlite3" jingqi makemigrations --check --dry-run
echo "== translations"
python scripts/check_messages.py

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chromium" ]; then
  export JINGQI_CHROMIUM="$chromium"
  echo "== browser suite: using $chromium"
elif [ "${JINGQI_REQUIRE_BROWSER:-0}" = "1" ]; then
  echo "FAIL: Chromium is required (JINGQI_REQUIRE_BROWSER=1) but not installed: apt-get install chromium" >&2
  exit 1
else
  echo "== browser suite SKIPPED: Chromium is not installed (apt-get install chromium)"
fi

# --dist loadscope: a module's (or class's) tests all run on one worker, so a module-scoped fixture (a demo loaded
# once for the module, minutes at full scale) is loaded once, not once on each worker that got some of its tests.
# A transactional test may then run before other modules' tests: the conftest puts the rows it emptied back.
dist=(-n "$workers" --dist loadscope)

echo "== tests on SQLite"
env -u DATABASE_URL pytest -q "${dist[@]}" -p no:randomly

pg_bin=""
for dir in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent)")" /usr/lib/postgresql/*/bin; do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then pg_bin=$dir; break; fi
done
if [ -z "$pg_bin" ]; then
  if [ "${JINGQI_REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "FAIL: PostgreSQL is required (JINGQI_REQUIRE_POSTGRES=1) but initdb/pg_ctl were not found" >&2
    exit 1
  fi
  echo "== tests on PostgreSQL SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl) found"
  exit 0
fi

echo "== tests on PostgreSQL ($pg_bin)"
pgdir=$(mktemp -d)
run_as=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: run the throwaway cluster as an unprivileged account.
  pg_user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
  chown "$pg_user" "$pgdir"
  run_as=(runuser -u "$pg_user" --)
fi
port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The cluster's commands run from its own folder: the unprivileged account may not enter this one.
pg() { (cd "$pgdir" && "${run_as[@]}" "$@"); }
cleanup() { pg "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap cleanup EXIT
# autovacuum off: the planner's statistics change only when a test asks (ANALYZE), never behind its back in the
# middle of a run, so the query plans the tests check do not depend on the order the tests ran in.
pg "$pg_bin/initdb" -D "$pgdir/data" -U jingqi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c autovacuum=off" start >/dev/null
export DATABASE_URL="postgres://jingqi@127.0.0.1:$port/jingqi"
pytest -q "${dist[@]}" -p no:randomly -m "not e2e"
