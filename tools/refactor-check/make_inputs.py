"""Crops Debian's mate-backgrounds photographs into the small inputs of tools/refactor-check/run.sh."""
import os
import sys

from PIL import Image

SOURCE = "/usr/share/backgrounds/mate/nature"
out = sys.argv[1]
photos = sorted(f for f in os.listdir(SOURCE) if f.endswith(".jpg"))
for folder in ("train", "val/HR", "photos"):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
for i, name in enumerate(photos[:8]):
    image = Image.open(os.path.join(SOURCE, name)).convert("RGB")
    w, h = image.size
    small = image.resize((w // 8, h // 8), Image.BICUBIC)
    if i < 6:
        small.crop((0, 0, 96, 96)).save(os.path.join(out, "train", f"img{i}.png"))
    elif i < 8:
        small.crop((16, 16, 80, 64)).save(os.path.join(out, "val/HR", f"v{i}.png"))
    small.crop((20, 30, 150, 110)).save(os.path.join(out, "photos", f"p{i}.png"))
