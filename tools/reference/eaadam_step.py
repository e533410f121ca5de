"""PyTorch eager reference of one EA-Adam Adam-phase step (method 2.4), the baseline the Java
port is checked and benchmarked against.

    /usr/bin/python3 eaadam_step.py --bench --mode adam-step --arch srresnet --batch 16 --patch 32 --steps 10 \
        --threads 2 [--device cuda] [--profile trace.json]

times exactly what `./eaadam bench --mode adam-step|l1-step|ea-eval|infer` times, with the same output
line (tools/bench/compare.sh runs both side by side).
"""
import argparse
import time

import torch
import torch.nn.functional as F

from basicsr_arch import MSRResNet, RRDBNet, SwinIR, VGG19Features, VGGStyleDiscriminator

# The bench's generators: BasicSR's defaults, and SwinIR as conf/swinir-x4.conf and swinir-light-x4.conf.
GENERATORS = {
    "srresnet": MSRResNet,
    "rrdb": RRDBNet,
    "swinir": lambda: SwinIR(img_size=64, embed_dim=180, depths=(6,) * 6, num_heads=(6,) * 6, window_size=8,
                             mlp_ratio=2, upscale=4, upsampler="pixelshuffle"),
    "swinir-light": lambda: SwinIR(img_size=64, embed_dim=60, depths=(6,) * 4, num_heads=(6,) * 4, window_size=8,
                                   mlp_ratio=2, upscale=4, upsampler="pixelshuffledirect"),
}


class PerceptualLoss(torch.nn.Module):
    def __init__(self, vgg, layer_weights, weight=1.0):
        super().__init__()
        self.vgg = vgg
        self.layer_weights = layer_weights  # in network order
        self.weight = weight
        for p in self.vgg.parameters():
            p.requires_grad = False

    def forward(self, sr, hr):
        return self.against(sr, self.vgg(hr.detach()))

    def against(self, sr, target_features):
        """The loss of sr against precomputed target features (the EA evaluation caches them)."""
        loss = 0
        for w, a, b in zip(self.layer_weights, self.vgg(sr), target_features):
            loss = loss + F.l1_loss(a, b) * w
        return loss * self.weight


def bce(logits, label):
    target = torch.full_like(logits, 1.0 if label else 0.0)
    return F.binary_cross_entropy_with_logits(logits, target)


def gan_generator(kind, d, sr, hr):
    if kind == "vanilla":
        return bce(d(sr), True)
    real = d(hr).detach()
    fake = d(sr)
    return (bce(real - fake.mean(), False) + bce(fake - real.mean(), True)) / 2


def gan_discriminator(kind, d, sr_detached, hr):
    if kind == "vanilla":
        return bce(d(hr), True) + bce(d(sr_detached), False)
    fake_for_mean = d(sr_detached).detach()
    real = d(hr)
    real_loss = bce(real - fake_for_mean.mean(), True) * 0.5
    fake = d(sr_detached)
    fake_loss = bce(fake - real.detach().mean(), False) * 0.5
    return real_loss + fake_loss


def mixed_gradient(g, d, perceptual, lr_img, hr_img, w_dist, w_perc, gan_kind, gan_weight):
    """Returns (sr, losses, per-parameter mixed gradients)."""
    for p in d.parameters():
        p.requires_grad = False
    sr = g(lr_img)
    l1 = F.l1_loss(sr, hr_img)
    lp = perceptual(sr, hr_img)
    adv = gan_generator(gan_kind, d, sr, hr_img) * gan_weight
    perception = lp + adv
    params = list(g.parameters())
    g1 = torch.autograd.grad(l1, params, retain_graph=True) if w_dist > 0 else None
    g2 = torch.autograd.grad(perception, params) if w_perc > 0 else None
    mixed = []
    for i in range(len(params)):
        total = 0
        if g1 is not None:
            total = total + (g1[i] / (g1[i].norm() + 1e-7)) * w_dist
        if g2 is not None:
            total = total + (g2[i] / (g2[i].norm() + 1e-7)) * w_perc
        mixed.append(total)
    return sr, (l1.detach(), lp.detach(), adv.detach()), mixed


def adam_phase_step(g, d, perceptual, opt_g, opt_d, lr_img, hr_img, w_dist, w_perc, gan_kind, gan_weight):
    sr, losses, mixed = mixed_gradient(g, d, perceptual, lr_img, hr_img, w_dist, w_perc, gan_kind, gan_weight)
    for p, grad in zip(g.parameters(), mixed):
        p.grad = grad
    opt_g.step()
    for p in d.parameters():
        p.requires_grad = True
    opt_d.zero_grad(set_to_none=True)
    ld = gan_discriminator(gan_kind, d, sr.detach(), hr_img)
    ld.backward()
    opt_d.step()
    return losses + (ld.detach(),)


MODES = ["adam-step", "l1-step", "ea-eval", "infer"]


def make_step(mode, arch, batch, patch, dev):
    """The work one timed step of `mode` does, on fresh networks and random data."""
    g = GENERATORS[arch]().to(dev)
    lr_img = torch.rand(batch, 3, patch, patch, device=dev)
    hr_img = torch.rand(batch, 3, patch * 4, patch * 4, device=dev)
    # ESRGAN's losses for RRDB, SRGAN's for the others (as the Java bench).
    layers = ["conv5_4"] if arch != "rrdb" else ["conv1_2", "conv2_2", "conv3_4", "conv4_4", "conv5_4"]
    weights = [1.0] if arch != "rrdb" else [0.1, 0.1, 1.0, 1.0, 1.0]

    if mode == "infer":
        def step():
            with torch.no_grad():
                g(lr_img).cpu()
    elif mode == "l1-step":
        opt_g = torch.optim.Adam(g.parameters(), lr=1e-5)

        def step():
            opt_g.zero_grad(set_to_none=True)
            loss = F.l1_loss(g(lr_img), hr_img)
            loss.backward()
            opt_g.step()
            loss.item()
    elif mode == "ea-eval":
        # One EA child: its weights arrive from the host, f1 and f2 go back; the HR targets' VGG
        # features are computed once for the whole EA phase.
        perceptual = PerceptualLoss(VGG19Features(layers).to(dev), weights)
        child = {k: v.detach().cpu().clone() for k, v in g.state_dict().items()}
        with torch.no_grad():
            target_features = perceptual.vgg(hr_img)

        def step():
            g.load_state_dict(child)
            with torch.no_grad():
                sr = g(lr_img)
                torch.stack([F.l1_loss(sr, hr_img), perceptual.against(sr, target_features)]).tolist()
    else:
        perceptual = PerceptualLoss(VGG19Features(layers).to(dev), weights)
        d = VGGStyleDiscriminator(num_feat=64, input_size=patch * 4).to(dev)
        opt_g = torch.optim.Adam(g.parameters(), lr=1e-5)
        opt_d = torch.optim.Adam(d.parameters(), lr=1e-5)
        gan = "vanilla" if arch != "rrdb" else "ragan"

        def step():
            losses = adam_phase_step(g, d, perceptual, opt_g, opt_d, lr_img, hr_img, 0.5, 0.5, gan, 0.005)
            [t.item() for t in losses]
    return step


def bench():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--mode", default="adam-step", choices=MODES + ["all"])
    ap.add_argument("--arch", default="srresnet", choices=list(GENERATORS))
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--patch", type=int, default=32, help="LR patch side")
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--profile", default="", help="write the profiler trace (chrome format) of the timed steps")
    args = ap.parse_args()
    if args.profile and args.mode == "all":
        ap.error("--profile needs one --mode, not all")
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    for mode in MODES if args.mode == "all" else [args.mode]:
        step = make_step(mode, args.arch, args.batch, args.patch, dev)
        for _ in range(args.warmup):
            step()
        activities = [torch.profiler.ProfilerActivity.CPU]
        if dev.type == "cuda":
            activities.append(torch.profiler.ProfilerActivity.CUDA)
        profiler = torch.profiler.profile(activities=activities) if args.profile else None
        if profiler:
            profiler.__enter__()
        start = time.perf_counter()
        for _ in range(args.steps):
            step()
        seconds = (time.perf_counter() - start) / args.steps
        if profiler:
            profiler.__exit__(None, None, None)
            profiler.export_chrome_trace(args.profile)
        images = args.batch / seconds
        megapixels = images * (args.patch * 4) ** 2 / 1e6
        print(f"pytorch bench mode={mode} arch={args.arch} batch={args.batch} patch={args.patch} "
              f"device={args.device} threads={torch.get_num_threads()}: {images:.2f} images/s, "
              f"{megapixels:.3f} output megapixels/s, {seconds * 1000:.1f} ms/step ({args.steps} steps)",
              flush=True)
        del step
        if dev.type == "cuda":
            torch.cuda.empty_cache()


if __name__ == "__main__":
    bench()
