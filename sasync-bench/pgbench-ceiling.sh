#!/usr/bin/env bash
# What the PostgreSQL server on this machine can do at all with the tiny upsert transaction,
# measured without Java: pgbench (PostgreSQL's own C client) runs BEGIN; INSERT ... ON CONFLICT
# DO UPDATE; COMMIT with 1 client, then 4, then 8, and prints the speed-up over 1 client. When 4
# clients of pgbench cannot reach a speed-up, no 4-worker Java client can.
#   sasync-bench/pgbench-ceiling.sh [seconds per run, default 10]
# Uses SASYNC_PG_HOST (127.0.0.1), SASYNC_PG_PORT (5432), SASYNC_PG_DB (test), SASYNC_PG_USER (postgres).
set -euo pipefail
seconds=${1:-10}
host=${SASYNC_PG_HOST:-127.0.0.1}
port=${SASYNC_PG_PORT:-5432}
db=${SASYNC_PG_DB:-test}
user=${SASYNC_PG_USER:-postgres}
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)
[ -x "$pgbench" ] || { echo "pgbench not found (Debian: apt-get install postgresql)"; exit 1; }
table="bench_pgbench_$$"
script=$(mktemp)
trap 'rm -f "$script"; psql -h "$host" -p "$port" -U "$user" -d "$db" -qc "DROP TABLE IF EXISTS $table" >/dev/null' EXIT
psql -h "$host" -p "$port" -U "$user" -d "$db" -qc "CREATE TABLE $table (k BIGINT PRIMARY KEY, v BIGINT)"
cat > "$script" <<SQL
\set k random(0, 9999)
BEGIN;
INSERT INTO $table (k, v) VALUES (:k, :k) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
COMMIT;
SQL
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
one=""
for clients in 1 4 8; do
    tps=$("$pgbench" -h "$host" -p "$port" -U "$user" -n -M prepared -f "$script" \
        -c "$clients" -j "$clients" -T "$seconds" "$db" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    one=${one:-$tps}
    awk -v c="$clients" -v t="$tps" -v o="$one" \
        'BEGIN { printf "%d client(s): %8.0f transactions/s  (%.2fx one client)\n", c, t, t / o }'
done
