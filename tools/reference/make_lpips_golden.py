"""Golden LPIPS (v0.1, net='alex') distances for the Java test, from an independent PyTorch implementation.

The weights follow a formula both sides compute (no weights file in the repository): tensor t of the
lpips.LPIPS(net='alex') state dict, element i, gets sin(0.7 i + t + 1) / sqrt(fan_in) (conv weights),
0.01 cos(i + t) (biases) or 0.1 |sin(0.3 i + t)| (the non-negative lin layers). Run with Debian's
python3-torch:  /usr/bin/python3 tools/reference/make_lpips_golden.py
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "worker", "src", "test", "resources", "golden")

# (name, out, in, kernel, stride, padding) of AlexNet's features, as lpips slices them.
CONVS = [("net.slice1.0", 64, 3, 11, 4, 2), ("net.slice2.3", 192, 64, 5, 1, 2), ("net.slice3.6", 384, 192, 3, 1, 1),
         ("net.slice4.8", 256, 384, 3, 1, 1), ("net.slice5.10", 256, 256, 3, 1, 1)]


def formula_weights():
    tensors = {}
    t = 0
    for name, out, cin, k, _, _ in CONVS:
        n = out * cin * k * k
        i = np.arange(n, dtype=np.float64)
        tensors[name + ".weight"] = (np.sin(0.7 * i + t + 1) / math.sqrt(cin * k * k)).astype(np.float32).reshape(out, cin, k, k)
        t += 1
        i = np.arange(out, dtype=np.float64)
        tensors[name + ".bias"] = (0.01 * np.cos(i + t)).astype(np.float32)
        t += 1
    for layer, (_, out, _, _, _, _) in enumerate(CONVS):
        i = np.arange(out, dtype=np.float64)
        tensors["lin%d.model.1.weight" % layer] = (0.1 * np.abs(np.sin(0.3 * i + t))).astype(np.float32).reshape(1, out, 1, 1)
        t += 1
    return tensors


def lpips(x0, x1, w):
    shift = torch.tensor([-.030, -.088, -.188]).view(1, 3, 1, 1)
    scale = torch.tensor([.458, .448, .450]).view(1, 3, 1, 1)

    def features(x):
        h = (x * 2 - 1 - shift) / scale
        taps = []
        for index, (name, _, _, _, stride, padding) in enumerate(CONVS):
            if index in (1, 2):
                h = F.max_pool2d(h, 3, 2)
            h = F.relu(F.conv2d(h, torch.from_numpy(w[name + ".weight"]), torch.from_numpy(w[name + ".bias"]),
                                stride, padding))
            taps.append(h)
        return taps

    total = 0
    for layer, (f0, f1) in enumerate(zip(features(x0), features(x1))):
        n0 = f0 / (torch.sqrt(torch.sum(f0 ** 2, dim=1, keepdim=True)) + 1e-10)
        n1 = f1 / (torch.sqrt(torch.sum(f1 ** 2, dim=1, keepdim=True)) + 1e-10)
        d = F.conv2d((n0 - n1) ** 2, torch.from_numpy(w["lin%d.model.1.weight" % layer]))
        total = total + d.mean(dim=[2, 3], keepdim=True)
    return float(total.view(-1)[0])


def load(name):
    array = np.asarray(Image.open(os.path.join(GOLDEN, name)).convert("RGB"), dtype=np.float64) / 255
    return torch.from_numpy(array.transpose(2, 0, 1)[None].astype(np.float32))


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    w = formula_weights()
    a, b = load("infer_msrresnet_x4.png"), load("infer_rrdbnet_x4.png")
    result = {"a": "infer_msrresnet_x4.png", "b": "infer_rrdbnet_x4.png", "distance": lpips(a, b, w),
              "distance_to_itself": lpips(a, a, w)}
    with open(os.path.join(GOLDEN, "lpips_alex.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(result)
