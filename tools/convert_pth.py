"""Converts a PyTorch checkpoint (.pth) into a safetensors file that eaadam loads.

    python3 tools/convert_pth.py net_g_1000000.pth msrresnet_x4_l1.safetensors
    python3 tools/convert_pth.py vgg19-dcbb9e9d.pth vgg19.safetensors

The checkpoint is read with torch.load(weights_only=True), which refuses pickled code. The state dict is
taken from the first of the keys `params`, `params_ema`, `model_state_dict`, `state_dict` that exists
(BasicSR, the EA-Adam scripts) or from the file itself (torchvision); `--key` chooses another. A
DataParallel `module.` prefix is removed and BatchNorm step counters are dropped; every tensor is written
as float32 under its PyTorch name, which is the name eaadam expects (BasicSR's and torchvision's).
The reverse needs no script: `safetensors.torch.load_file(path)` gives a state dict that
`model.load_state_dict` takes (tools/reference/safetensors_np.py reads it without the package).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "reference"))
import safetensors_np  # noqa: E402

CANDIDATE_KEYS = ["params", "params_ema", "model_state_dict", "state_dict"]


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
        if name.endswith("num_batches_tracked") or not torch.is_tensor(value):
            continue
        tensors[name[len("module."):] if name.startswith("module.") else name] = value.float().numpy()
    safetensors_np.save(tensors, args.output, {"format": "pt", "source": os.path.basename(args.checkpoint)})
    print(f"{args.output}: {len(tensors)} tensors, {sum(v.size for v in tensors.values()):,} parameters")


if __name__ == "__main__":
    main()
