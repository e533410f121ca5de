#!/usr/bin/env bash
# An eaadam command on a Spark standalone cluster, one GPU per task. Each worker offers its GPUs with
# deploy/gpu-discovery.sh in its spark-defaults.conf (or SPARK_WORKER_OPTS):
#   spark.worker.resource.gpu.amount         4
#   spark.worker.resource.gpu.discoveryScript /opt/eaadam/deploy/gpu-discovery.sh
# Then, from a machine with this checkout:
#   SPARK_HOME=/opt/spark deploy/submit-standalone.sh spark://master:7077 -- train --conf conf/srresnet-x4.conf \
#     -Drun.dir=hdfs:///runs/r1
# EAADAM_GPUS_PER_EXECUTOR (1) GPUs and as many task slots per executor; EAADAM_EXECUTOR_MEMORY (24g).
set -euo pipefail
master=${1:?usage: $0 spark://HOST:7077 [spark-submit options] -- <eaadam command> [options]}
shift
gpus=${EAADAM_GPUS_PER_EXECUTOR:-1}
exec "$(dirname "${BASH_SOURCE[0]}")/spark-submit.sh" --master "$master" --deploy-mode client \
  --executor-cores "$gpus" --executor-memory "${EAADAM_EXECUTOR_MEMORY:-24g}" \
  --driver-memory "${EAADAM_DRIVER_MEMORY:-8g}" \
  --conf spark.executor.resource.gpu.amount="$gpus" --conf spark.task.resource.gpu.amount=1 \
  --conf spark.task.maxFailures=4 "$@"
