#!/usr/bin/env bash
# Builds the benchmarks jar with the reactor (never from installed snapshots) and runs the whole
# suite through the ratio report. Arguments go to io.sasync.bench.Report:
#   sasync-bench/run.sh                 full suite, about 40 minutes, report in sasync-bench/target/benchmarks.md
#   sasync-bench/run.sh --quick         smoke run, about two minutes
#   sasync-bench/run.sh --include H2    only the H2 benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl sasync-bench -am package -DskipTests
exec java -cp sasync-bench/target/benchmarks.jar io.sasync.bench.Report --svg sasync-bench/target/benchmarks.svg \
    --out sasync-bench/target/benchmarks.md --json sasync-bench/target/benchmarks "$@"
