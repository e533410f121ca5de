#!/usr/bin/env bash
# The EA epoch's wall time, jobs and time per child: a baseline checkout's EA phase (before issue 14: one
# Spark job per child) against this checkout's barrier stage with 1 and 2 workers, interleaved round by round
# on the same photos, config and seed. Each variant trains generations 0-2 (warm start, one Adam phase,
# one EA epoch) and the EA generation's line of metrics.jsonl gives its seconds and children.
#   tools/bench/ea-stage.sh BASELINE_CHECKOUT [ROUNDS] [-Dkey=value ...]
# BASELINE_CHECKOUT: e.g. git worktree add /tmp/base <commit> && (cd /tmp/base && mvn -o -q package -DskipTests)
set -euo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
baseline=$(realpath "${1:?usage: ea-stage.sh BASELINE_CHECKOUT [ROUNDS] [-Dkey=value ...]}")
rounds=${2:-2}
shift $(( $# >= 2 ? 2 : 1 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/photos"
for f in /usr/share/backgrounds/mate/nature/*.jpg; do cp "$f" "$work/photos/"; done
settings=(--conf demo -Ddata.train-hr="$work/photos" -Dschedule.epochs=3 -Dschedule.warm-start-steps=0
  -Ddata.iterations-per-epoch=1 -Dspark.master='local[2,4]' -Dspark.eventLog.compress=false "$@")
# (the demo's device.threads = 2: the per-child jobs and one worker use both cores)
# one EA epoch: prints seconds, children and Spark jobs (from the event log) of generation 2
measure() {
  local name=$1 launcher=$2; shift 2
  local run="$work/$name-$round"
  "$launcher" train "${settings[@]}" -Drun.dir="$run" "$@" > "$run.log" 2>&1 || { tail -5 "$run.log"; exit 1; }
  python3 - "$name" "$run" <<'PY'
import json, sys, glob
name, run = sys.argv[1], sys.argv[2]
line = [json.loads(l) for l in open(run + "/metrics.jsonl")][2]
jobs = 0
for log in glob.glob(run + "/spark-events/**/events_*", recursive=True):
    for event in open(log):
        e = json.loads(event)
        if e.get("Event") == "SparkListenerJobStart" and "EA epoch" in e.get("Properties", {}).get("spark.job.description", ""):
            jobs += 1
print(f"{name:22s} EA epoch {line['seconds']:8.1f} s  {line['children']:5d} children  "
      f"{1000 * line['seconds'] / line['children']:8.1f} ms/child  {jobs:5d} jobs")
PY
}
for round in $(seq 1 "$rounds"); do
  measure per-child-jobs "$baseline/eaadam"
  measure barrier-1-worker "$home/eaadam" -Dea.workers=1
  measure barrier-2-workers "$home/eaadam" -Dea.workers=2 -Ddevice.threads=1  # the same 2 cores, one each
done
