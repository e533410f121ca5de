#!/usr/bin/env bash
# An eaadam command on Kubernetes in cluster mode, driver and executors from the image of
# docker/Dockerfile (which holds Spark, eaadam's jars and the CUDA libtorch), one NVIDIA GPU per task:
#   SPARK_HOME=/opt/spark EAADAM_IMAGE=registry.example.com/eaadam:0.1.0 \
#     deploy/submit-kubernetes.sh k8s://https://API_SERVER:6443 -- train --conf /opt/eaadam/conf/srresnet-x4.conf \
#     -Drun.dir=s3a://bucket/runs/r1
# Paths are read inside the pods, so the run and the data live on a shared store (s3a://, hdfs://).
# EAADAM_NAMESPACE (default), EAADAM_SERVICE_ACCOUNT (spark), EAADAM_EXECUTORS (4),
# EAADAM_GPUS_PER_EXECUTOR (1), EAADAM_EXECUTOR_MEMORY (24g).
set -euo pipefail
deploy=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${SPARK_HOME:?set SPARK_HOME to a Spark 4.2 (Scala 2.13) installation}"
: "${EAADAM_IMAGE:?set EAADAM_IMAGE to the image built from docker/Dockerfile}"
master=${1:?usage: $0 k8s://https://HOST:PORT [spark-submit options] -- <eaadam command> [options]}
shift
submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 k8s://https://HOST:PORT [spark-submit options] -- <eaadam command>" >&2; exit 2; }
gpus=${EAADAM_GPUS_PER_EXECUTOR:-1}
djl="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
exec "$SPARK_HOME/bin/spark-submit" --master "$master" --deploy-mode cluster --name eaadam \
  --class io.eaadam.jobs.Main \
  --conf spark.kubernetes.namespace="${EAADAM_NAMESPACE:-default}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${EAADAM_SERVICE_ACCOUNT:-spark}" \
  --conf spark.kubernetes.container.image="$EAADAM_IMAGE" \
  --conf spark.kubernetes.executor.podTemplateFile="$deploy/kubernetes/executor-pod-template.yaml" \
  --conf spark.executor.instances="${EAADAM_EXECUTORS:-4}" --conf spark.executor.cores="$gpus" \
  --conf spark.executor.memory="${EAADAM_EXECUTOR_MEMORY:-24g}" --conf spark.driver.memory="${EAADAM_DRIVER_MEMORY:-8g}" \
  --conf spark.executor.resource.gpu.amount="$gpus" --conf spark.task.resource.gpu.amount=1 \
  --conf spark.executor.resource.gpu.vendor=nvidia.com \
  --conf spark.executor.resource.gpu.discoveryScript=/opt/eaadam/deploy/gpu-discovery.sh \
  --conf spark.task.maxFailures=4 \
  --conf "spark.driver.extraClassPath=/opt/eaadam/jars/*" --conf "spark.executor.extraClassPath=/opt/eaadam/jars/*" \
  --conf "spark.driver.extraJavaOptions=$djl -Deaadam.home=/opt/eaadam" \
  --conf "spark.executor.extraJavaOptions=$djl" \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=io.eaadam.jobs.spark.EaAdamKryoRegistrator \
  "${submit_args[@]}" local:///opt/eaadam/jars/eaadam-spark-jobs.jar "$@"
