#!/usr/bin/env bash
# The benchmark in one command: builds the extension and the server, then runs the bench.
#   bench/run.sh [smoke|full] [-Dbench.databases=H2,POSTGRES] [-Dbench.profiles=1000,100000,1000000] [-Dbench.seconds=10] [-Dbench.jfr=true]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-full}
shift || true
mvn -q -DskipTests install
mvn -q -pl bench verify -Dbench.mode="$mode" "$@"
