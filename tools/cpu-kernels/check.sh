#!/usr/bin/env bash
# Which of oneDNN's instruction-set levels compute libtorch's CPU convolutions correctly on this machine.
# Runs ConvCheck.java (float32 forward and gradients against float64, straight through DJL) once per
# ONEDNN_MAX_CPU_ISA level this CPU has, each in its own JVM (oneDNN reads the variable once), and names the
# convolution kernels oneDNN chose at each level. eaadam's CpuKernels limits the ISA from what this shows.
#   tools/cpu-kernels/check.sh [LEVEL...]      (default: SSE41 AVX AVX2 AVX512_CORE DEFAULT)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/../.." && pwd)
(cd "$home" && ./eaadam --version > /dev/null) || exit 1 # builds, and writes the classpath
launcher="$home/spark-jobs/target/launcher"
read -r -a jvm_options < "$launcher/jvm.options"
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(SSE41 AVX AVX2 AVX512_CORE DEFAULT)
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|avx512f)$' | paste -sd' ')
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(grep -m1 vendor_id /proc/cpuinfo | cut -d: -f2 | xargs)), flags: $flags"
log=$(mktemp)
status=0
for level in "${levels[@]}"; do
  if [ "$level" = DEFAULT ]; then unset ONEDNN_MAX_CPU_ISA; else export ONEDNN_MAX_CPU_ISA=$level; fi
  ONEDNN_VERBOSE=1 java "${jvm_options[@]}" -cp "$(cat "$launcher/classpath.txt")" "$here/ConvCheck.java" > "$log" 2>&1
  result=$?
  [ $result -eq 0 ] || status=1
  isa=$(grep -m1 -o 'isa:[^,]*' "$log" | sed "s/isa://; s/'\.//")
  kernels=$(grep ',exec,cpu,convolution,' "$log" | awk -F, '{for (i = 1; i < NF; i++) if ($i == "convolution") {print $(i + 1); break}}' \
    | sort | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}')
  echo "== ONEDNN_MAX_CPU_ISA=$level: oneDNN uses ${isa:-?}; $(grep -m1 '^libtorch' "$log"); convolutions: $kernels"
  if grep -q '^libtorch' "$log"; then
    grep -E '^k[0-9].*: (NaN|wrong)|^all correct|shapes wrong' "$log"
  else
    tail -20 "$log"
  fi
done
rm -f "$log"
exit $status
