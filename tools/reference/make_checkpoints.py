"""Writes tiny .pth checkpoints in the layouts users have, and what each network outputs, for the Java
test of tools/convert_pth.py (CheckpointConversionTest):

    python3 tools/reference/make_checkpoints.py OUT_DIR

- realesrgan_x4plus.pth, realesrgan_x2plus.pth: Real-ESRGAN's {"params_ema", "params"} of BasicSR's
  RRDBNet (x4 with a DataParallel `module.` prefix); the output is params_ema's, the published weights.
- realesr_general.pth: Real-ESRGAN's {"params"} of SRVGGNetCompact.
- esrgan_first.pth, esrgan_later.pth: bare state dicts of the original ESRGAN repository's two
  networks, defined below as that repository does (module for module), so their names come from
  their structure, not from a renaming table.
- swinir_classical.pth, swinir_light.pth: BasicSR's {"params"} and {"params_ema"} of SwinIR with its derived
  buffers (relative_position_index, attn_mask), classical (pixelshuffle x4, 3conv) and lightweight
  (pixelshuffledirect x2); the output is SwinIR's test-script forward, mirror-padded to the window.
- swinir_light_input.png, swinir_light_sr.png: an 8-bit image and the lightweight SwinIR's output of it, rounded.
- outputs.safetensors: the input `lr` and each network's output `sr.NAME`.
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_np as st
from basicsr_arch import RRDBNet, SRVGGNetCompact, SwinIR, padded_forward, swinir_padded_forward


class DenseBlock(nn.Module):
    """ESRGAN's ResidualDenseBlock_5C; `wrapped` puts each conv in a Sequential, as the first layout's
    conv_block did (conv1.0.weight)."""

    def __init__(self, nf, gc, wrapped):
        super().__init__()
        def conv(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, 1, 1)) if wrapped else nn.Conv2d(i, o, 3, 1, 1)
        self.conv1 = conv(nf, gc)
        self.conv2 = conv(nf + gc, gc)
        self.conv3 = conv(nf + 2 * gc, gc)
        self.conv4 = conv(nf + 3 * gc, gc)
        self.conv5 = conv(nf + 4 * gc, nf)

    def forward(self, x):
        lrelu = lambda t: F.leaky_relu(t, 0.2)  # noqa: E731
        x1 = lrelu(self.conv1(x))
        x2 = lrelu(self.conv2(torch.cat((x, x1), 1)))
        x3 = lrelu(self.conv3(torch.cat((x, x1, x2), 1)))
        x4 = lrelu(self.conv4(torch.cat((x, x1, x2, x3), 1)))
        return self.conv5(torch.cat((x, x1, x2, x3, x4), 1)) * 0.2 + x


class EsrganRrdb(nn.Module):
    def __init__(self, nf, gc, wrapped):
        super().__init__()
        self.RDB1 = DenseBlock(nf, gc, wrapped)
        self.RDB2 = DenseBlock(nf, gc, wrapped)
        self.RDB3 = DenseBlock(nf, gc, wrapped)

    def forward(self, x):
        return self.RDB3(self.RDB2(self.RDB1(x))) * 0.2 + x


class ShortcutBlock(nn.Module):
    def __init__(self, sub):
        super().__init__()
        self.sub = sub

    def forward(self, x):
        return x + self.sub(x)


class EsrganFirst(nn.Module):
    """ESRGAN's first RRDB_Net (x4): one flattened Sequential, model.0 ... model.10."""

    def __init__(self, nf, nb, gc):
        super().__init__()
        up = lambda: [nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(nf, nf, 3, 1, 1), nn.LeakyReLU(0.2)]  # noqa: E731
        trunk = nn.Sequential(*[EsrganRrdb(nf, gc, True) for _ in range(nb)], nn.Conv2d(nf, nf, 3, 1, 1))
        self.model = nn.Sequential(nn.Conv2d(3, nf, 3, 1, 1), ShortcutBlock(trunk), *up(), *up(),
                                   nn.Conv2d(nf, nf, 3, 1, 1), nn.LeakyReLU(0.2), nn.Conv2d(nf, 3, 3, 1, 1))

    def forward(self, x):
        return self.model(x)


class EsrganLater(nn.Module):
    """ESRGAN's later RRDBNet_arch.RRDBNet (x4)."""

    def __init__(self, nf, nb, gc):
        super().__init__()
        self.conv_first = nn.Conv2d(3, nf, 3, 1, 1)
        self.RRDB_trunk = nn.Sequential(*[EsrganRrdb(nf, gc, False) for _ in range(nb)])
        self.trunk_conv = nn.Conv2d(nf, nf, 3, 1, 1)
        self.upconv1 = nn.Conv2d(nf, nf, 3, 1, 1)
        self.upconv2 = nn.Conv2d(nf, nf, 3, 1, 1)
        self.HRconv = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_last = nn.Conv2d(nf, 3, 3, 1, 1)

    def forward(self, x):
        lrelu = lambda t: F.leaky_relu(t, 0.2)  # noqa: E731
        fea = self.conv_first(x)
        fea = fea + self.trunk_conv(self.RRDB_trunk(fea))
        fea = lrelu(self.upconv1(F.interpolate(fea, scale_factor=2, mode="nearest")))
        fea = lrelu(self.upconv2(F.interpolate(fea, scale_factor=2, mode="nearest")))
        return self.conv_last(lrelu(self.HRconv(fea)))


def perturbed(net, gen):
    with torch.no_grad():
        for p in net.parameters():
            p.add_(torch.randn(p.shape, generator=gen) * 0.05)
    return net.eval()


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(3)
    gen = torch.Generator().manual_seed(5)
    lr = torch.rand(1, 3, 7, 10, generator=gen)
    outputs = {"lr": lr.numpy()}

    def save(name, net, checkpoint, run=None):
        torch.save(checkpoint, f"{out}/{name}.pth")
        with torch.no_grad():
            outputs[f"sr.{name}"] = (run or net)(lr).numpy()

    for name, scale, prefix in [("realesrgan_x4plus", 4, "module."), ("realesrgan_x2plus", 2, "")]:
        ema = perturbed(RRDBNet(num_feat=8, num_block=2, num_grow_ch=4, scale=scale), gen)
        plain = perturbed(RRDBNet(num_feat=8, num_block=2, num_grow_ch=4, scale=scale), gen)
        save(name, ema, {"params": {prefix + k: v for k, v in plain.state_dict().items()},
                         "params_ema": {prefix + k: v for k, v in ema.state_dict().items()}},
             lambda x, net=ema, s=scale: padded_forward(net, x, s))
    general = perturbed(SRVGGNetCompact(num_feat=8, num_conv=4, upscale=4), gen)
    save("realesr_general", general, {"params": general.state_dict()})
    first = perturbed(EsrganFirst(8, 2, 4), gen)
    save("esrgan_first", first, first.state_dict())
    later = perturbed(EsrganLater(8, 2, 4), gen)
    save("esrgan_later", later, later.state_dict())
    for name, key, scale, kwargs in [
            ("swinir_classical", "params", 4, dict(upsampler="pixelshuffle", resi_connection="3conv")),
            ("swinir_light", "params_ema", 2, dict(upsampler="pixelshuffledirect"))]:
        swin = perturbed(SwinIR(img_size=16, embed_dim=12, depths=(2, 2), num_heads=(2, 3), window_size=4,
                                mlp_ratio=2, upscale=scale, **kwargs), gen)
        save(name, swin, {key: swin.state_dict()}, lambda x, net=swin, s=scale: swinir_padded_forward(net, x, 4, s))
    # An 8-bit image through the lightweight one, whole and rounded as BasicSR's tensor2img: upscale's reference.
    from PIL import Image
    rgb = (torch.rand(3, 30, 38, generator=gen) * 255).round().to(torch.uint8)
    Image.fromarray(rgb.permute(1, 2, 0).numpy(), "RGB").save(f"{out}/swinir_light_input.png")
    with torch.no_grad():
        sr = swinir_padded_forward(swin, rgb.float().div(255).unsqueeze(0), 4, 2)
    sr = sr.clamp(0, 1).mul(255).round().to(torch.uint8)[0]
    Image.fromarray(sr.permute(1, 2, 0).numpy(), "RGB").save(f"{out}/swinir_light_sr.png")
    st.save(outputs, f"{out}/outputs.safetensors")


if __name__ == "__main__":
    main(sys.argv[1])
