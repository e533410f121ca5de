"""Converts a PyTorch checkpoint (.pth) into a safetensors file with BasicSR's names, which eaadam loads.

    python3 tools/convert_pth.py RealESRGAN_x4plus.pth realesrgan-x4plus.safetensors
    python3 tools/convert_pth.py RRDB_ESRGAN_x4.pth esrgan-x4.safetensors
    python3 tools/convert_pth.py vgg19-dcbb9e9d.pth vgg19.safetensors

The checkpoint is read with torch.load(weights_only=True), which refuses pickled code. The state dict is
the first of the entries `params_ema`, `params` (BasicSR, Real-ESRGAN: the EMA weights are the published
ones), `model_state_dict`, `state_dict` (the EA-Adam scripts) that exists, else the file itself
(torchvision, ESRGAN); `--key` chooses another. A DataParallel `module.` prefix is removed; BatchNorm
step counters and SwinIR's derived buffers (`relative_position_index`, `attn_mask`) are dropped. The
original ESRGAN repository's two layouts are renamed to BasicSR's RRDBNet: the first (`model.0`,
`model.1.sub.N.RDB1.conv1.0`, ..., `model.10`) and the later (`conv_first`, `RRDB_trunk.N.RDB1.conv1`,
`trunk_conv`, `upconv1`, `upconv2`, `HRconv`, `conv_last`). Every other name is kept, being the name
eaadam expects (BasicSR's, Real-ESRGAN's, torchvision's); every tensor is written as float32.
The reverse needs no script: `safetensors.torch.load_file(path)` gives a state dict that
`model.load_state_dict` takes (tools/reference/safetensors_np.py reads it without the package).
"""
import argparse
import os
import re
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "reference"))
import safetensors_np  # noqa: E402

CANDIDATE_KEYS = ["params_ema", "params", "model_state_dict", "state_dict"]

# Buffers that are no weights: BatchNorm's step counter, and SwinIR's relative_position_index (int64) and
# attn_mask (valid for the training patch size only), which eaadam derives from the window size and the
# input size.
DERIVED_SUFFIXES = ("num_batches_tracked", "relative_position_index", "attn_mask")

# ESRGAN's first layout: a Sequential whose index 1 is the trunk (N RRDBs, then its conv at index N).
FIRST_LAYOUT = {"model.0.": "conv_first.", "model.3.": "conv_up1.", "model.6.": "conv_up2.",
                "model.8.": "conv_hr.", "model.10.": "conv_last."}
LATER_LAYOUT = {"trunk_conv.": "conv_body.", "upconv1.": "conv_up1.", "upconv2.": "conv_up2.",
                "HRconv.": "conv_hr."}


def esrgan_to_basicsr(state):
    """BasicSR's RRDBNet names for either original ESRGAN layout; other state dicts are returned as they are."""
    names = list(state)
    if any(n.startswith("model.1.sub.") for n in names):
        trunk = max(int(m.group(1)) for n in names if (m := re.match(r"model\.1\.sub\.(\d+)\.weight$", n)))
        renamed = {}
        for name, value in state.items():
            dense = re.match(r"model\.1\.sub\.(\d+)\.RDB(\d)\.conv(\d)\.0\.(weight|bias)$", name)
            if dense:
                block, rdb, conv, kind = dense.groups()
                renamed[f"body.{block}.rdb{rdb}.conv{conv}.{kind}"] = value
            elif name.startswith(f"model.1.sub.{trunk}."):
                renamed["conv_body." + name.rsplit(".", 1)[1]] = value
            else:
                prefix = next((p for p in FIRST_LAYOUT if name.startswith(p)), None)
                if prefix is None:
                    sys.exit(f"{name}: not a tensor of ESRGAN's x4 RRDB network (first layout)")
                renamed[FIRST_LAYOUT[prefix] + name[len(prefix):]] = value
        return renamed
    if any(n.startswith("RRDB_trunk.") for n in names):
        renamed = {}
        for name, value in state.items():
            name = re.sub(r"^RRDB_trunk\.(\d+)\.RDB(\d)\.", r"body.\1.rdb\2.", name)
            prefix = next((p for p in LATER_LAYOUT if name.startswith(p)), None)
            renamed[LATER_LAYOUT[prefix] + name[len(prefix):] if prefix else name] = value
        return renamed
    return state


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint")
    parser.add_argument("output")
    parser.add_argument("--key", help="the entry that holds the state dict")
    args = parser.parse_args()
    checkpoint = torch.load(args.checkpoint, map_location="cpu", weights_only=True)
    keys = [args.key] if args.key else CANDIDATE_KEYS
    state = next((checkpoint[k] for k in keys if isinstance(checkpoint, dict) and k in checkpoint), None)
    if state is None:
        if args.key:
            sys.exit(f"{args.checkpoint}: no entry '{args.key}'; entries: {sorted(checkpoint)}")
        state = checkpoint
    tensors = {}
    for name, value in state.items():
        if name.endswith(DERIVED_SUFFIXES) or not torch.is_tensor(value):
            continue
        tensors[name[len("module."):] if name.startswith("module.") else name] = value.float().numpy()
    tensors = esrgan_to_basicsr(tensors)
    safetensors_np.save(tensors, args.output, {"format": "pt", "source": os.path.basename(args.checkpoint)})
    print(f"{args.output}: {len(tensors)} tensors, {sum(v.size for v in tensors.values()):,} parameters")


if __name__ == "__main__":
    main()
