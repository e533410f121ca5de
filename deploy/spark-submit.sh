#!/usr/bin/env bash
# Runs an eaadam command (train, demo, ...) through spark-submit, on any master:
#
#   SPARK_HOME=/opt/spark deploy/spark-submit.sh [spark-submit options] -- <command> [command options]
#   e.g. deploy/spark-submit.sh --master local[4] -- train --conf conf/demo.conf -Drun.dir=/tmp/run
#        deploy/spark-submit.sh --master spark://host:7077 --conf spark.executor.resource.gpu.amount=1 \
#          --conf spark.task.resource.gpu.amount=1 -- train --conf rrdb-x4.conf -Drun.dir=hdfs:///runs/r1
#
# Spark 4.2 (Scala 2.13) must be at SPARK_HOME; it brings Spark and Hadoop, this script ships the
# project's jars (DJL and its CPU natives included) with --jars and keeps DJL offline.
set -euo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${SPARK_HOME:?set SPARK_HOME to a Spark 4.2 (Scala 2.13) installation}"

submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [spark-submit options] -- <eaadam command> [options]" >&2; exit 2; }

"$home/eaadam" help > /dev/null # builds the jars and the runtime classpath when needed
target="$home/spark-jobs/target"
jar=""
for candidate in "$target"/eaadam-spark-jobs-*.jar; do
  case "$candidate" in *-sources.jar | *-tests.jar) ;; *) jar=$candidate ;; esac
done
jars=$(tr ':' ',' < "$target/launcher/runtime.txt")
djl="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
# The driver's libtorch tensors on transparent huge pages, as the executors' (SparkSetup.MALLOC_HUGE_PAGES).
export GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1}"

exec "$SPARK_HOME/bin/spark-submit" \
  --class io.eaadam.jobs.Main --name "eaadam $1" \
  --jars "$jars" \
  --conf "spark.driver.extraJavaOptions=$djl -Deaadam.home=$home" \
  --conf "spark.executor.extraJavaOptions=$djl" \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=io.eaadam.jobs.spark.EaAdamKryoRegistrator \
  "${submit_args[@]}" "$jar" "$@"
