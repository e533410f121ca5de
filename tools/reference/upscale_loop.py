"""What users run instead of `eaadam upscale`: a Real-ESRGAN-style PyTorch loop over a folder. Each image
is decoded with PIL, cut into tiles of --tile input pixels, each padded by --overlap pixels of its
neighbours (RealESRGANer's tile and tile_pad), run through BasicSR's MSRResNet one tile at a time, and
the tiles' centres are stitched into the output, which PIL writes as PNG. The bench to compare it with
`eaadam upscale` on the same files, model, tile and threads is tools/bench/upscale-vs-pytorch.sh.

  python3 tools/reference/upscale_loop.py --model W.safetensors --input DIR --output DIR \
      [--tile 256] [--overlap 16] [--threads 2] [--num-feat 64] [--num-block 16] [--scale 4]
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from basicsr_arch import MSRResNet  # noqa: E402
import safetensors_np  # noqa: E402


def upscale(net, image, scale, tile, overlap):
    """The image (1, 3, H, W, floats in [0, 1]) upscaled tile by tile: RealESRGANer.tile_process."""
    _, _, height, width = image.shape
    output = image.new_zeros((1, 3, height * scale, width * scale))
    for top in range(0, height, tile):
        for left in range(0, width, tile):
            bottom, right = min(top + tile, height), min(left + tile, width)
            # The tile with up to `overlap` pixels of its neighbours on every side.
            pad_top, pad_left = max(top - overlap, 0), max(left - overlap, 0)
            pad_bottom, pad_right = min(bottom + overlap, height), min(right + overlap, width)
            with torch.no_grad():
                out = net(image[:, :, pad_top:pad_bottom, pad_left:pad_right])
            # Its centre, without the neighbours' pixels.
            y, x = (top - pad_top) * scale, (left - pad_left) * scale
            output[:, :, top * scale:bottom * scale, left * scale:right * scale] = \
                out[:, :, y:y + (bottom - top) * scale, x:x + (right - left) * scale]
    return output


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--tile", type=int, default=256)
    parser.add_argument("--overlap", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--num-feat", type=int, default=64)
    parser.add_argument("--num-block", type=int, default=16)
    parser.add_argument("--scale", type=int, default=4)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    net = MSRResNet(args.num_feat, args.num_block, args.scale)
    net.load_state_dict({k: torch.from_numpy(v) for k, v in safetensors_np.load(args.model).items()})
    net.eval()
    os.makedirs(args.output, exist_ok=True)
    start = time.perf_counter()
    megapixels = 0.0
    for name in sorted(os.listdir(args.input)):
        rgb = np.asarray(Image.open(os.path.join(args.input, name)).convert("RGB"), dtype=np.float32) / 255
        image = torch.from_numpy(rgb).permute(2, 0, 1).unsqueeze(0).contiguous()
        out = upscale(net, image, args.scale, args.tile, args.overlap).clamp_(0, 1)
        pixels = (out[0].permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
        Image.fromarray(pixels).save(os.path.join(args.output, os.path.splitext(name)[0] + ".png"))
        megapixels += pixels.shape[0] * pixels.shape[1] / 1e6
    seconds = time.perf_counter() - start
    print(f"upscale_loop: {len(os.listdir(args.input))} images, {seconds:.1f} s, {megapixels / seconds:.3f} MP/s")


if __name__ == "__main__":
    main()
