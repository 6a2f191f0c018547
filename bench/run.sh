#!/usr/bin/env bash
# The benchmark in one command: builds the extension, the server and the launcher in the reactor (nothing is
# installed into ~/.m2), then runs the bench.
#   bench/run.sh [smoke|full] [-Dbench.databases=H2,POSTGRES] [-Dbench.profiles=1000,100000,1000000] [-Dbench.seconds=10]
#                [-Dbench.jfr=true] [-Dbench.accessLog=true] [-Dbench.operations=profiles|store|connect] [-Dbench.database=of_bench]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-full}
shift || true
mvn -q -pl bench -am verify -Dbench.mode="$mode" "$@"
