"""Sums oneDNN's verbose log (ONEDNN_VERBOSE=1, or DNNL_VERBOSE=1 for oneDNN 2.x) of one or more bench runs
by primitive, propagation kind and implementation, in milliseconds per step, side by side:

    ONEDNN_VERBOSE=1 ./eaadam bench --mode l1-step --batch 16 --steps 1 --warmup 1 --threads 2 > eaadam.log
    ONEDNN_VERBOSE=1 /usr/bin/python3 tools/reference/eaadam_step.py --bench --mode l1-step --batch 16 \
        --steps 1 --warmup 1 --threads 2 > pytorch.log
    python3 tools/bench/onednn_times.py --steps 2 eaadam=eaadam.log pytorch=pytorch.log

--steps is the number of steps each log holds (warm-up included: oneDNN's exec times exclude building the
kernels, so warm-up steps count like the others). Reads oneDNN 2.x lines (onednn_verbose,exec,cpu,...) and
3.x lines (onednn_verbose,v1,primitive,exec,cpu,...) alike. The rows are sorted by the first log's time.
"""
import argparse
import collections


def exec_times(path):
    """(primitive, propagation kind, implementation) -> summed milliseconds, and the ISA line."""
    times = collections.Counter()
    isa = "?"
    with open(path, errors="replace") as f:
        for line in f:
            if not line.startswith(("onednn_verbose", "dnnl_verbose")):
                continue
            fields = line.rstrip("\n").split(",")
            if "isa:" in line:
                isa = line.split("isa:", 1)[1].strip().rstrip("'.")
            if "exec" not in fields or "cpu" not in fields:
                continue
            at = fields.index("cpu", fields.index("exec"))
            primitive, implementation, kind = fields[at + 1], fields[at + 2], fields[at + 3]
            try:
                times[(primitive, kind, implementation)] += float(fields[-1])
            except ValueError:
                continue
    return times, isa


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("logs", nargs="+", help="NAME=PATH")
    ap.add_argument("--steps", type=float, default=1)
    args = ap.parse_args()
    sides = [entry.split("=", 1) for entry in args.logs]
    parsed = [(name,) + exec_times(path) for name, path in sides]
    # One row per (primitive, kind); the implementation of each side is shown in its cell.
    rows = collections.OrderedDict()
    for name, times, _ in parsed:
        for (primitive, kind, implementation), ms in sorted(times.items(), key=lambda item: -item[1]):
            rows.setdefault((primitive, kind), {}).setdefault(name, []).append((implementation, ms / args.steps))
    print("| primitive | kind | " + " | ".join(f"{name} ({isa}) ms/step" for name, _, isa in parsed) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in parsed) + " |")
    first = parsed[0][0]
    order = sorted(rows.items(), key=lambda item: -sum(ms for _, ms in item[1].get(first, [])))
    totals = collections.Counter()
    for (primitive, kind), per_side in order:
        cells = []
        for name, _, _ in parsed:
            entries = per_side.get(name, [])
            total = sum(ms for _, ms in entries)
            totals[name] += total
            cells.append(f"{total:.0f} ({', '.join(i for i, _ in entries)})" if entries else "-")
        print(f"| {primitive} | {kind} | " + " | ".join(cells) + " |")
    print("| all | | " + " | ".join(f"{totals[name]:.0f}" for name, _, _ in parsed) + " |")


if __name__ == "__main__":
    main()
