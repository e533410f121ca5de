#!/usr/bin/env bash
# `eaadam upscale` beside what users run instead, a Real-ESRGAN-style PyTorch loop
# (tools/reference/upscale_loop.py), on the same files (8 crops of 320x240 from Debian's mate-backgrounds),
# model (BasicSR's MSRResNet 64x16 x4, seeded weights), tile and overlap; the loop with 2 threads, as users
# run it, and eaadam with its defaults (local mode's task and thread layout). Runs are interleaved
# (eaadam then the loop, then the loop then eaadam, ...) and the load average is printed with each.
#   tools/bench/upscale-vs-pytorch.sh WORK_DIR [ROUNDS] [more eaadam upscale options, e.g. -Dupscale.tasks=1]
# Prints one line a run and the median of the rounds' ratios (loop seconds / eaadam seconds: above 1 means
# eaadam is faster). With BEFORE=CHECKOUT (a baseline checkout, built by its ./eaadam) that checkout's upscale
# runs too, interleaved with the other two, and gets its own ratio.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/../.." && pwd)
work=$(mkdir -p "$1" && cd "$1" && pwd)
rounds=${2:-2}
shift $(($# < 2 ? $# : 2))
python=/usr/bin/python3 # Debian's python3-torch
tile=256 overlap=16 threads=2

if [ ! -f "$work/msrresnet.safetensors" ]; then
  "$python" - "$work" "$home/tools/reference" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[2])
import torch
from PIL import Image
from basicsr_arch import MSRResNet
import safetensors_np
work = sys.argv[1]
torch.manual_seed(0)
net = MSRResNet(64, 16, 4)
safetensors_np.save({k: v.numpy() for k, v in net.state_dict().items()}, os.path.join(work, "msrresnet.safetensors"))
source = "/usr/share/backgrounds/mate/nature"
os.makedirs(os.path.join(work, "crops"), exist_ok=True)
for name in sorted(f for f in os.listdir(source) if f.endswith(".jpg"))[:8]:
    image = Image.open(os.path.join(source, name)).convert("RGB")
    w, h = image.size
    small = image.resize((w // 4, h // 4), Image.BICUBIC)
    small.crop((0, 0, 320, 240)).save(os.path.join(work, "crops", os.path.splitext(name)[0] + ".png"))
PY
fi

run_eaadam() { # [CHECKOUT] OPTIONS...
  local checkout=$home
  if [ "${1:-}" = --checkout ]; then checkout=$2; shift 2; fi
  rm -rf "$work/out-eaadam"
  (cd "$checkout" && ./eaadam upscale --quiet --model "$work/msrresnet.safetensors" --input "$work/crops" \
    --output "$work/out-eaadam" --tile "$tile" --overlap "$overlap" "$@") > /dev/null
}
run_loop() {
  rm -rf "$work/out-loop"
  "$python" "$home/tools/reference/upscale_loop.py" --model "$work/msrresnet.safetensors" --input "$work/crops" \
    --output "$work/out-loop" --tile "$tile" --overlap "$overlap" --threads "$threads" > /dev/null
}
timed() { # prints the seconds the command took
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

(cd "$home" && ./eaadam --version > /dev/null) # builds first, outside the timings
[ -z "${BEFORE:-}" ] || (cd "$BEFORE" && ./eaadam --version > /dev/null)
ratios=() before_ratios=()
for round in $(seq "$rounds"); do
  b=0
  if [ $((round % 2)) -eq 1 ]; then
    [ -z "${BEFORE:-}" ] || b=$(timed run_eaadam --checkout "$BEFORE" "$@")
    e=$(timed run_eaadam "$@"); l=$(timed run_loop)
  else
    l=$(timed run_loop); e=$(timed run_eaadam "$@")
    [ -z "${BEFORE:-}" ] || b=$(timed run_eaadam --checkout "$BEFORE" "$@")
  fi
  ratio=$(echo "scale=3; $l / $e" | bc)
  ratios+=("$ratio")
  before=""
  if [ -n "${BEFORE:-}" ]; then
    before_ratios+=("$(echo "scale=3; $l / $b" | bc)")
    before=$(printf 'before %.1f s (ratio %s), ' "$b" "${before_ratios[-1]}")
  fi
  printf 'round %d: %seaadam upscale %.1f s, PyTorch loop %.1f s, ratio %s (load %s)\n' "$round" "$before" "$e" "$l" \
    "$ratio" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
[ -z "${BEFORE:-}" ] || echo "median ratio before (loop s / before s): $(printf '%s\n' "${before_ratios[@]}" | median)"
echo "median ratio (loop s / eaadam s): $(printf '%s\n' "${ratios[@]}" | median)"
