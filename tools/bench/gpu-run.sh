#!/usr/bin/env bash
# Runs on the GPU machine, from the project root, after `../shared/gpu/make-kit.sh worker` built .gpukit
# here: every bench row on the GPU (SRResNet and RRDB, batch 16 and 64, SwinIR-S at 16, every mode), eaadam and PyTorch
# eager interleaved in one table, then one profiled step of each side (kernels and host-level ops per step).
#   bash tools/bench/gpu-run.sh            (writes $OUT/gpu-bench.md, or target/gpu-bench.md without $OUT)
# REPEATS (default 2), STEPS (default 20) and WARMUP (default 5) trade time for precision.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[ -f .gpukit/on-device.sh ] || { echo "gpu-run: no .gpukit here; run ../shared/gpu/make-kit.sh worker first" >&2; exit 2; }
out=${OUT:-target}; mkdir -p "$out"
report="$out/gpu-bench.md"
export EAADAM="bash .gpukit/on-device.sh io.eaadam.worker.cli.CommandLine bench"
export TORCH_PYTHON=${TORCH_PYTHON:-python3}
threads=$(nproc)
repeats=${REPEATS:-2} steps=${STEPS:-20} warmup=${WARMUP:-5}
{
  echo "# GPU bench $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  "$TORCH_PYTHON" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda)" || true
} | tee "$report"
# The first call compiles DJL's JNI library against this machine's PyTorch: keep it out of the timings.
$EAADAM --mode infer --batch 1 --patch 8 --steps 1 --warmup 0 --device gpu > "$out/gpu-warmup.log" 2>&1 \
  || { tail -40 "$out/gpu-warmup.log" >&2; exit 3; }
# One process per side and row runs every mode (adam-step, l1-step, ea-eval, infer).
python3 tools/bench/compare.py --device gpu --threads "$threads" --repeats "$repeats" \
  --steps "$steps" --warmup "$warmup" --log "$out/gpu-compare.log" \
  all:srresnet:16 all:srresnet:64 "all:rrdb:16:$((steps / 2)):2" "all:rrdb:64:$((steps / 4)):2" \
  "all:swinir-light:16:$((steps / 2)):2" | tee -a "$report"
# Launch counts: one profiled adam-step and infer per side (SRResNet, batch 16).
for mode in adam-step infer; do
  $EAADAM --mode "$mode" --batch 16 --steps 3 --warmup 2 --device gpu --profile "$out/eaadam-$mode.json" \
    > "$out/gpu-profile-$mode.log" 2>&1 || true
  "$TORCH_PYTHON" tools/reference/eaadam_step.py --bench --mode "$mode" --batch 16 --steps 3 --warmup 2 \
    --device cuda --profile "$out/pytorch-$mode.json" >> "$out/gpu-profile-$mode.log" 2>&1 || true
  for side in eaadam pytorch; do
    [ -f "$out/$side-$mode.json" ] && python3 tools/bench/op_counts.py "$out/$side-$mode.json" 3 --top 8 | tee -a "$report"
    rm -f "$out/$side-$mode.json"  # traces are large; the counts are what matters
  done
done
echo "gpu-run: table and counts in $report"
