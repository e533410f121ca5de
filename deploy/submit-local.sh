#!/usr/bin/env bash
# An eaadam command through spark-submit on Spark's local mode (one JVM, THREADS task slots, each
# task tried up to 4 times). The CPU, or GPU 0 when device.type=auto and libtorch sees CUDA.
#   SPARK_HOME=/opt/spark deploy/submit-local.sh [THREADS] -- train --conf conf/demo.conf -Drun.dir=/tmp/run
set -euo pipefail
threads=2
[ "${1:-}" != "--" ] && { threads=$1; shift; }
exec "$(dirname "${BASH_SOURCE[0]}")/spark-submit.sh" --master "local[$threads,4]" \
  --driver-memory "${EAADAM_DRIVER_MEMORY:-8g}" "$@"
