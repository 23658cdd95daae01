#!/usr/bin/env bash
# Builds what the benchmarks need and runs them side by side; extra arguments go to the harness
# (for example: bench/run.sh --seconds 10 --only ingest). Needs Java 17+ and Node.js (for kinesalite).
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
./mvnw -q -B -pl bench,bench-kcl -am package -DskipTests
(cd bench/kinesalite && npm ci --no-audit --no-fund --silent)
exec java -jar bench/target/sluice-bench.jar "$@"
