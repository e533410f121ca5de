"""Runs `./eaadam bench` and the PyTorch eager reference (tools/reference/eaadam_step.py) side by side,
interleaved (eaadam, pytorch, then pytorch, eaadam, ...), with the same threads, and prints one
markdown table of medians and ratios (eaadam / pytorch; above 1 = eaadam faster).

    python3 tools/bench/compare.py [--repeats 3] [--threads 2] [--device cpu|gpu] [--patch 32] \
        [--steps 3] [--warmup 1] [--log FILE] ROW...

ROW is mode:arch:batch[:steps[:warmup]], e.g. adam-step:srresnet:16 or ea-eval:rrdb:16:2:1 (arch srresnet, rrdb,
or swinir and swinir-light, which eaadam takes from conf/swinir-x4.conf and swinir-light-x4.conf); modes
adam-step, l1-step, ea-eval, infer, or all (every mode in one process per side: fewer process
starts, for the GPU machine). EAADAM is the bench command (default: ./eaadam bench; in the GPU
kit: bash .gpukit/on-device.sh io.eaadam.worker.cli.CommandLine bench), TORCH_PYTHON the Python with
torch (default /usr/bin/python3; rows get no PyTorch figure when it has no torch). EAADAM_BEFORE, when set,
is a second bench command (a baseline checkout's, e.g. "/tmp/base/eaadam bench") run interleaved with the
other two, so that a change's before and after ratios come from one run.
"""
import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODES = ["adam-step", "l1-step", "ea-eval", "infer"]
# Architectures whose numbers eaadam's bench reads from a preset rather than options.
PRESETS = {"swinir": "swinir-x4", "swinir-light": "swinir-light-x4"}
LINE = re.compile(r"^(eaadam|pytorch) bench mode=([a-z0-9-]+) .*: ([0-9.]+) images/s, ([0-9.]+) output megapixels/s, "
                  r"([0-9.]+) ms/step")


def parse_row(text, steps, warmup):
    parts = text.split(":")
    if len(parts) < 3 or len(parts) > 5:
        raise SystemExit(f"compare.py: row {text!r}: expected mode:arch:batch[:steps[:warmup]]")
    mode, arch, batch = parts[0], parts[1], int(parts[2])
    return {"mode": mode, "arch": arch, "batch": batch,
            "steps": int(parts[3]) if len(parts) > 3 else steps,
            "warmup": int(parts[4]) if len(parts) > 4 else warmup}


def commands(row, args):
    common = ["--mode", row["mode"], "--batch", str(row["batch"]), "--patch",
              str(args.patch), "--steps", str(row["steps"]), "--warmup", str(row["warmup"])]
    arch = ["--conf", PRESETS[row["arch"]]] if row["arch"] in PRESETS else ["--arch", row["arch"]]
    ours = common + arch + ["--threads", str(args.threads), "--device", args.device]
    torch_device = "cuda" if args.device.startswith("gpu") else "cpu"
    pytorch = [os.environ.get("TORCH_PYTHON", "/usr/bin/python3"), "tools/reference/eaadam_step.py", "--bench"] + \
        common + ["--arch", row["arch"], "--threads", str(args.threads), "--device", torch_device]
    sides = {"eaadam": shlex.split(os.environ.get("EAADAM", "./eaadam bench")) + ours, "pytorch": pytorch}
    if os.environ.get("EAADAM_BEFORE"):
        sides["before"] = shlex.split(os.environ["EAADAM_BEFORE"]) + ours
    return sides


def has_torch():
    python = os.environ.get("TORCH_PYTHON", "/usr/bin/python3")
    try:
        return subprocess.run([python, "-c", "import torch"], capture_output=True).returncode == 0
    except OSError:
        return False


def run(command, log):
    started = time.time()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    with open(log, "a") as f:
        f.write(f"$ {shlex.join(command)}  # {time.strftime('%H:%M:%S')}, {time.time() - started:.0f} s, "
                f"load {os.getloadavg()[0]:.2f}\n")
        f.write(done.stdout)
        if done.returncode != 0:
            f.write(done.stderr[-4000:])
    per_mode = {}
    for line in done.stdout.splitlines():
        match = LINE.match(line.strip())
        if match:
            per_mode[match.group(2)] = float(match.group(3))
    if not per_mode:
        sys.stderr.write(f"compare.py: no result from {shlex.join(command)} (exit {done.returncode}); see {log}\n")
    return per_mode


def cell(values, median):
    return f"{median:.3g} (n={len(values)})" if median is not None else "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", nargs="+")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--patch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--log", default="target/bench-compare.log")
    args = ap.parse_args()
    rows = [parse_row(r, args.steps, args.warmup) for r in args.rows]
    sides = (["before"] if os.environ.get("EAADAM_BEFORE") else []) + ["eaadam"] + (["pytorch"] if has_torch() else [])
    log = os.path.join(ROOT, args.log)
    os.makedirs(os.path.dirname(log), exist_ok=True)
    results = {(i, mode, side): [] for i in range(len(rows)) for mode in MODES for side in sides}
    loads = [os.getloadavg()[0]]
    for r in range(args.repeats):
        for i, row in enumerate(rows):
            order = sides if r % 2 == 0 else list(reversed(sides))
            for side in order:
                for mode, images in run(commands(row, args)[side], log).items():
                    results[(i, mode, side)].append(images)
        loads.append(os.getloadavg()[0])
    print(f"device={args.device} threads={args.threads} patch={args.patch} repeats={args.repeats}, "
          f"interleaved; 1-minute load average {min(loads):.2f} to {max(loads):.2f}; log {args.log}")
    before = "before" in sides
    print("| mode | arch | batch | steps (warmup) | " + ("before images/s | before ratio | " if before else "")
          + "eaadam images/s | PyTorch images/s | ratio |")
    print("| --- | --- | --- | --- | " + ("--- | --- | " if before else "") + "--- | --- | --- |")
    for i, row in enumerate(rows):
        for mode in MODES:
            ours = results[(i, mode, "eaadam")]
            theirs = results.get((i, mode, "pytorch"), [])
            if not ours and not theirs:
                continue
            a = statistics.median(ours) if ours else None
            b = statistics.median(theirs) if theirs else None
            ratio = f"{a / b:.2f}" if a and b else "-"
            columns = ""
            if before:
                old = results[(i, mode, "before")]
                c = statistics.median(old) if old else None
                columns = f"{cell(old, c)} | {f'{c / b:.2f}' if c and b else '-'} | "
            print(f"| {mode} | {row['arch']} | {row['batch']} | {row['steps']} ({row['warmup']}) | {columns}"
                  f"{cell(ours, a)} | {cell(theirs, b)} | {ratio} |")


if __name__ == "__main__":
    main()
