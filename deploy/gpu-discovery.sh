#!/usr/bin/env bash
# Spark's GPU discovery script: prints this machine's GPUs in Spark's resource format,
#   {"name":"gpu","addresses":["0","1"]}
# from nvidia-smi (the CUDA indices, which is what eaadam's tasks turn into a DJL device).
# EAADAM_GPU_ADDRESSES=0,1 overrides it with the given addresses (tests on machines without GPUs:
# eaadam's device.type=auto then falls back to the CPU and logs it). Used as
#   spark.worker.resource.gpu.discoveryScript (standalone workers) and
#   spark.executor.resource.gpu.discoveryScript (YARN, Kubernetes).
set -euo pipefail
if [ -n "${EAADAM_GPU_ADDRESSES+set}" ]; then
  addresses=$EAADAM_GPU_ADDRESSES
elif command -v nvidia-smi > /dev/null; then
  addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | paste -sd,)
else
  echo "gpu-discovery.sh: nvidia-smi not found and EAADAM_GPU_ADDRESSES not set" >&2
  exit 1
fi
json=""
IFS=, read -r -a list <<< "$addresses"
for address in "${list[@]}"; do
  address=${address//[[:space:]]/}
  [ -n "$address" ] && json+="${json:+,}\"$address\""
done
echo "{\"name\":\"gpu\",\"addresses\":[$json]}"
