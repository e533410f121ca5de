#!/usr/bin/env bash
# An eaadam command on YARN (Hadoop 3 with the GPU resource type yarn.io/gpu enabled), one GPU per
# task; YARN's containers run deploy/gpu-discovery.sh, shipped with the job.
#   SPARK_HOME=/opt/spark HADOOP_CONF_DIR=/etc/hadoop/conf deploy/submit-yarn.sh -- train \
#     --conf conf/srresnet-x4.conf -Drun.dir=hdfs:///runs/r1
# EAADAM_EXECUTORS (4), EAADAM_GPUS_PER_EXECUTOR (1), EAADAM_EXECUTOR_MEMORY (24g), EAADAM_QUEUE (default).
set -euo pipefail
deploy=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
gpus=${EAADAM_GPUS_PER_EXECUTOR:-1}
exec "$deploy/spark-submit.sh" --master yarn --deploy-mode client --queue "${EAADAM_QUEUE:-default}" \
  --num-executors "${EAADAM_EXECUTORS:-4}" --executor-cores "$gpus" \
  --executor-memory "${EAADAM_EXECUTOR_MEMORY:-24g}" --driver-memory "${EAADAM_DRIVER_MEMORY:-8g}" \
  --files "$deploy/gpu-discovery.sh" \
  --conf spark.executor.resource.gpu.amount="$gpus" --conf spark.task.resource.gpu.amount=1 \
  --conf spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh \
  --conf spark.task.maxFailures=4 "$@"
