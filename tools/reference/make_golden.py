"""Writes the golden files the Java tests compare against (worker/src/test/resources/golden/).

Run once with PyTorch available (Debian: apt-get install python3-torch):
    python3 tools/reference/make_golden.py worker/src/test/resources/golden
Weights use torch's own initialisation under fixed seeds; the files are small (tiny networks).
"""
import os
import sys

import numpy as np
import torch

import safetensors_np as st
from basicsr_arch import (MSRResNet, RRDBNet, SRVGGNetCompact, SwinIR, VGG19Features, VGGStyleDiscriminator,
                          padded_forward, swinir_padded_forward)
from eaadam_step import PerceptualLoss, adam_phase_step, mixed_gradient


# Buffers that are no weights: BatchNorm's step counter, and SwinIR's, which eaadam derives (and convert_pth.py
# drops).
DERIVED = ("num_batches_tracked", "relative_position_index", "attn_mask")


def state(module):
    # copy(): numpy() shares memory with the tensors, which later steps change in place.
    return {k: v.detach().numpy().copy() for k, v in module.state_dict().items() if not k.endswith(DERIVED)}


def perturb_biases(module, gen):
    # torch zero-initialises nothing here, but make every tensor non-trivial all the same.
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.add_(torch.randn(p.shape, generator=gen) * 0.01)


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(7)

    for name, net in [("msrresnet_x4", MSRResNet(num_feat=8, num_block=2, upscale=4)),
                      ("msrresnet_x3", MSRResNet(num_feat=8, num_block=2, upscale=3)),
                      ("rrdbnet_x4", RRDBNet(num_feat=8, num_block=2, num_grow_ch=4))]:
        perturb_biases(net, gen)
        x = torch.rand(2, 3, 9, 11, generator=gen)
        with torch.no_grad():
            y = net(x)
        st.save(state(net), f"{out}/{name}.safetensors", {"arch": name})
        st.save({"lr": x.numpy(), "sr": y.numpy()}, f"{out}/{name}_io.safetensors")

    # ./eaadam infer end to end: an 8-bit PNG in, PyTorch's output rounded to 8 bits as BasicSR's
    # tensor2img does, for the tiny x4 networks above.
    from PIL import Image
    rgb = (torch.rand(3, 20, 26, generator=gen) * 255).round().to(torch.uint8)
    Image.fromarray(rgb.permute(1, 2, 0).numpy(), "RGB").save(f"{out}/infer_input.png")
    x = rgb.float().div(255).unsqueeze(0)
    for name, net in [("msrresnet_x4", MSRResNet(num_feat=8, num_block=2, upscale=4)),
                      ("rrdbnet_x4", RRDBNet(num_feat=8, num_block=2, num_grow_ch=4))]:
        net.load_state_dict({k: torch.tensor(v) for k, v in st.load(f"{out}/{name}.safetensors").items()})
        with torch.no_grad():
            y = net(x).clamp(0, 1).mul(255).round().to(torch.uint8)[0]
        Image.fromarray(y.permute(1, 2, 0).numpy(), "RGB").save(f"{out}/infer_{name}.png")

    d = VGGStyleDiscriminator(num_feat=4, input_size=32)
    d.train()
    x = torch.rand(4, 3, 32, 32, generator=gen)
    weights = state(d)
    with torch.no_grad():
        logits = d(x)
    st.save(weights, f"{out}/discriminator.safetensors")
    st.save({"x": x.numpy(), "logits": logits.numpy(), "bn0_1.running_mean": d.bn0_1.running_mean.numpy(),
             "bn1_1.running_var": d.bn1_1.running_var.numpy()}, f"{out}/discriminator_io.safetensors")

    vgg = VGG19Features(["conv1_2", "conv2_2"])
    x = torch.rand(2, 3, 16, 16, generator=gen)
    with torch.no_grad():
        f12, f22 = vgg(x)
    st.save(state(vgg), f"{out}/vgg19_conv2_2.safetensors")
    st.save({"x": x.numpy(), "conv1_2": f12.numpy(), "conv2_2": f22.numpy()}, f"{out}/vgg19_conv2_2_io.safetensors")

    # Two Adam-phase steps of method 2.4 with every ingredient: tiny G, D on 32-pixel HR patches, VGG up to conv2_2.
    for gan in ["vanilla", "ragan"]:
        g = MSRResNet(num_feat=8, num_block=1, upscale=4)
        perturb_biases(g, gen)
        d = VGGStyleDiscriminator(num_feat=4, input_size=32)
        perceptual = PerceptualLoss(vgg, [0.1, 1.0])
        lr_img = torch.rand(2, 3, 8, 8, generator=gen)
        hr_img = torch.rand(2, 3, 32, 32, generator=gen)
        g0, d0 = state(g), state(d)
        w_dist, w_perc, lr = 0.25, 0.75, 1e-3
        _, losses, mixed = mixed_gradient(g, d, perceptual, lr_img, hr_img, w_dist, w_perc, gan, 0.005)
        opt_g = torch.optim.Adam(g.parameters(), lr=lr)
        opt_d = torch.optim.Adam(d.parameters(), lr=lr)
        step1 = adam_phase_step(g, d, perceptual, opt_g, opt_d, lr_img, hr_img, w_dist, w_perc, gan, 0.005)
        step2 = adam_phase_step(g, d, perceptual, opt_g, opt_d, lr_img, hr_img, w_dist, w_perc, gan, 0.005)
        names = [n for n, _ in g.named_parameters()]
        st.save({f"g.{k}": v for k, v in g0.items()} | {f"d.{k}": v for k, v in d0.items()},
                f"{out}/step_{gan}_init.safetensors")
        result = {"lr": lr_img.numpy(), "hr": hr_img.numpy(),
                  "losses_step1": np.array([t.item() for t in step1], dtype=np.float32),
                  "losses_step2": np.array([t.item() for t in step2], dtype=np.float32)}
        result |= {f"mixed.{n}": m.numpy() for n, m in zip(names, mixed)}
        result |= {f"g.{k}": v for k, v in state(g).items()} | {f"d.{k}": v for k, v in state(d).items()}
        st.save(result, f"{out}/step_{gan}_after2.safetensors",
                {"w_dist": w_dist, "w_perc": w_perc, "lr": lr, "gan_weight": 0.005, "layers": "conv1_2=0.1,conv2_2=1.0"})

    # The backbones of Real-ESRGAN's published models: RRDBNet x2 and x1 (pixel-unshuffled input, run as
    # RealESRGANer pads it) and SRVGGNetCompact. Own generator, so the files above stay as they were.
    gen = torch.Generator().manual_seed(16)
    for name, net in [("rrdbnet_x2", RRDBNet(num_feat=8, num_block=2, num_grow_ch=4, scale=2)),
                      ("rrdbnet_x1", RRDBNet(num_feat=8, num_block=1, num_grow_ch=4, scale=1)),
                      ("srvgg_x4", SRVGGNetCompact(num_feat=8, num_conv=3, upscale=4)),
                      ("srvgg_x2", SRVGGNetCompact(num_feat=8, num_conv=2, upscale=2))]:
        perturb_biases(net, gen)
        x = torch.rand(2, 3, 9, 11, generator=gen)
        with torch.no_grad():
            y = padded_forward(net, x, net.scale) if isinstance(net, RRDBNet) else net(x)
        st.save(state(net), f"{out}/{name}.safetensors", {"arch": name})
        st.save({"lr": x.numpy(), "sr": y.numpy()}, f"{out}/{name}_io.safetensors")

    swinir_goldens(out)


SWINIR_CASES = [
    ("swinir_ps_x4_1conv", dict(depths=(2, 2), num_heads=(2, 3), window_size=4, upscale=4, upsampler="pixelshuffle",
                                resi_connection="1conv", num_feat=16)),
    ("swinir_ps_x3_3conv", dict(depths=(2,), num_heads=(3,), window_size=4, upscale=3, upsampler="pixelshuffle",
                                resi_connection="3conv", num_feat=16)),
    ("swinir_psd_x2", dict(depths=(2, 2), num_heads=(2, 2), window_size=4, upscale=2, upsampler="pixelshuffledirect",
                           resi_connection="1conv")),
    ("swinir_nc_x4_3conv", dict(depths=(2,), num_heads=(2,), window_size=4, upscale=4, upsampler="nearest+conv",
                                resi_connection="3conv", num_feat=16)),
    ("swinir_none_x1", dict(depths=(2,), num_heads=(2,), window_size=4, upscale=1, upsampler="",
                            resi_connection="1conv")),
    # img_size <= window_size: BasicSR makes the window img_size (4) and drops the shift.
    ("swinir_small_img", dict(img_size=4, depths=(2,), num_heads=(2,), window_size=8, upscale=2,
                              upsampler="pixelshuffledirect", resi_connection="1conv")),
]


def perturb_swinir(net, gen):
    """perturb_biases, then more: with BasicSR's initialisation (Linear weights of std 0.02) the attention is
    nearly uniform, and a wrong relative-position index, mask, shift, qk scale or LayerNorm eps moves the
    output by 1e-5 or less; these scales move it by 1e-2 or more (1e-5 and more for the LayerNorm eps and a
    tanh GELU)."""
    perturb_biases(net, gen)
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.endswith("relative_position_bias_table"):
                p.add_(torch.randn(p.shape, generator=gen) * 0.5)
            elif any(f".{m}.weight" in name for m in ("qkv", "proj", "fc1", "fc2")):
                p.add_(torch.randn(p.shape, generator=gen) * 0.3)
            elif "norm" in name.split(".")[-2]:
                p.add_(torch.randn(p.shape, generator=gen) * 0.2)
            elif p.dim() == 4:  # convs: gain about 1, so that the 3conv bottlenecks and the tails pass it on
                p.add_(torch.randn(p.shape, generator=gen) * p[0].numel() ** -0.5)


def swinir_goldens(out):
    # Own generator, and the global seed for torch's initialisation, so that these files are reproducible
    # and the files above stay as they were.
    gen = torch.Generator().manual_seed(19)
    torch.manual_seed(19)
    nets = {}
    for name, cfg in SWINIR_CASES:
        cfg = dict(img_size=8, embed_dim=12, mlp_ratio=2, img_range=1.0, num_feat=64) | cfg
        net = SwinIR(**cfg).eval()
        perturb_swinir(net, gen)
        window = net.layers[0].residual_group.blocks[0].window_size  # the effective window
        x = torch.rand(2, 3, 9, 11, generator=gen)
        with torch.no_grad():
            y = swinir_padded_forward(net, x, window, cfg["upscale"])
        meta = {"arch": name, "window_effective": window}
        meta |= {k: ",".join(map(str, v)) if isinstance(v, tuple) else v for k, v in cfg.items()}
        st.save(state(net), f"{out}/{name}.safetensors", meta)
        st.save({"lr": x.numpy(), "sr": y.numpy()}, f"{out}/{name}_io.safetensors")
        nets[name] = net

    # One Adam step (lr 1e-3) on the L1 loss of the x2 lightweight net, from the weights of its golden.
    net = nets["swinir_psd_x2"].train()
    lr_img = torch.rand(2, 3, 8, 8, generator=gen)
    hr_img = torch.rand(2, 3, 16, 16, generator=gen)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss = (net(lr_img) - hr_img).abs().mean()
    opt.zero_grad()
    loss.backward()
    grads = {f"grad.{n}": p.grad.numpy().copy() for n, p in net.named_parameters()}
    opt.step()
    result = {"lr": lr_img.numpy(), "hr": hr_img.numpy(), "loss": np.array([loss.item()], dtype=np.float32)}
    result |= grads | {f"after.{k}": v for k, v in state(net).items()}
    st.save(result, f"{out}/swinir_step.safetensors", {"arch": "swinir_psd_x2", "optimizer": "adam", "lr": 1e-3,
                                                       "betas": "0.9,0.999", "eps": 1e-8, "loss": "l1_mean"})


if __name__ == "__main__":
    main(sys.argv[1])
