"""Operations per step in a profiler trace (chrome format) of `./eaadam bench --profile` or of
tools/reference/eaadam_step.py --profile: the ops the host language called (each one a JNI or Python
call into libtorch and, on a GPU, at least one launch; ops they call inside libtorch are not counted
again), the GPU kernels when the trace has them, and the most frequent ops.

    python3 tools/bench/op_counts.py TRACE.json STEPS [--top 12]
"""
import argparse
import collections
import json


def events(path):
    with open(path) as f:
        data = json.load(f)
    trace = data["traceEvents"] if isinstance(data, dict) else data
    return [e for e in trace if e.get("ph") == "X" and "dur" in e]


def is_op(event):
    # aten::conv2d, autograd::engine::evaluate_function: ...; annotations (Optimizer.step#Adam.step,
    # ProfilerStep) carry no "::" and only group the ops below them.
    return "::" in event["name"] and event.get("cat", "cpu_op") in ("cpu_op", "operator", "Operator")


def host_ops(trace):
    """Ops with no op above them on their thread."""
    outer = []
    by_thread = collections.defaultdict(list)
    for e in trace:
        if is_op(e):
            by_thread[(e.get("pid"), e.get("tid"))].append(e)
    for ops in by_thread.values():
        ops.sort(key=lambda e: (e["ts"], -e["dur"]))
        open_until = -1.0
        for e in ops:
            if e["ts"] >= open_until:
                outer.append(e)
                open_until = e["ts"] + e["dur"]
    return outer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("steps", type=int)
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    trace = events(args.trace)
    ops = host_ops(trace)
    kernels = [e for e in trace if e.get("cat") == "kernel"]
    line = f"{args.trace}: {len(ops) / args.steps:.0f} host-level ops per step"
    if kernels:
        line += f", {len(kernels) / args.steps:.0f} GPU kernels per step"
    print(line)
    counts = collections.Counter(e["name"] for e in ops)
    for name, n in counts.most_common(args.top):
        print(f"  {n / args.steps:8.1f}  {name}")


if __name__ == "__main__":
    main()
