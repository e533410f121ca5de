#!/usr/bin/env bash
# Runs one checkout's ./eaadam over a fixed set of small jobs (train in three EA settings, fuse, evaluate,
# upscale to PNG and JPEG, infer, train-slot) and lists the sha256 of every weight file and image they
# write. Run it with the checkout before and after a refactor and diff the two lists: a refactor changes
# no byte of a generation, a fused model or an upscaled image.
#   tools/refactor-check/run.sh CHECKOUT WORK_DIR > hashes.txt
# Inputs are crops of Debian's mate-backgrounds photographs (apt-get install mate-backgrounds), made once
# with tools/refactor-check/make_inputs.py into WORK_DIR/inputs.
set -euo pipefail
checkout=$(cd "$1" && pwd)
work=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ -d "$work/inputs" ] || /usr/bin/python3 "$here/make_inputs.py" "$work/inputs" >&2
# Every checkout writes to the same folder, since paths end up in files (model.json, safetensors metadata).
out="$work/out"
rm -rf "$out"
mkdir -p "$out"
eaadam() {
  echo "./eaadam $*" >> "$out/log.txt"
  (cd "$checkout" && ./eaadam "$@") >> "$out/log.txt" 2>&1 || { tail -20 "$out/log.txt" >&2; exit 1; }
}
tiny="$here/tiny.conf"
data=(-Ddata.train-hr="$work/inputs/train" -Ddata.val-hr="$work/inputs/val/HR")
fusion=(-Dfusion.epochs=2 -Dfusion.checkpoint-epochs=1 -Dfusion.head-features=4 -Dfusion.head-params=6
  -Dfusion.head-hidden=3 -Dfusion.set-images=2 -Dfusion.lr=1e-3)

eaadam train --conf "$tiny" -Drun.dir="$out/tchebycheff" "${data[@]}"
eaadam train --conf "$tiny" -Drun.dir="$out/nsga2-batch" "${data[@]}" -Dea.mode=batch -Dea.selection=nsga2 \
  -Dea.iterations=3
eaadam train --conf "$tiny" -Drun.dir="$out/five" "${data[@]}" -Dpopulation.size=5 -Dpopulation.neighbourhood=2 \
  -Dea.max-replacements=1 -Dpopulation.replace-slot0=true -Dpopulation.train-slot0=true -Dea.iterations=3
eaadam fuse --run "$out/tchebycheff" "${fusion[@]}"
eaadam evaluate --run "$out/tchebycheff" --benchmark "$work/inputs/val"
card="$out/tchebycheff/fused/gen-0003/model.json"
eaadam upscale --model "$card" --input "$work/inputs/photos" --output "$out/upscale-png" --tile 64 --overlap 8
eaadam upscale --model "$card" --input "$work/inputs/photos" --output "$out/upscale-jpeg" --format jpeg
eaadam infer --model "$card" --input "$work/inputs/photos" --output "$out/infer"
eaadam train-slot --conf demo --train "$work/inputs/train" --val "$work/inputs/val/HR" --steps 20 \
  --preference 0.5,0.5 --output "$out/train-slot.safetensors"

cd "$out"
find . -type f \( -name '*.safetensors' -o -name '*.png' -o -name '*.jpg' -o -name 'evaluation.csv' \) \
  -not -path './*/spark-events/*' | sort | xargs sha256sum
rm -rf "$work/out-$(basename "$checkout")"
mv "$out" "$work/out-$(basename "$checkout")"
