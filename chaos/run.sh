#!/usr/bin/env bash
# The chaos soak: builds the harness and runs it; arguments go to the harness (see --help).
# The 30-minute soak of the docs: chaos/run.sh --seconds 1800 --fault-every 10 --seed 20261202
# A run prints its replay line: the same arguments replay its faults in the same order at the same times.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
./mvnw -q -B -pl chaos -am package -DskipTests
# Run from a copy, so that a rebuild during a long soak cannot change the jar under the running processes.
jar="$(mktemp -d)/sluice-chaos.jar"
cp chaos/target/sluice-chaos.jar "$jar"
exec java -Dsluice.chaos.jar="$jar" -jar "$jar" "$@"
