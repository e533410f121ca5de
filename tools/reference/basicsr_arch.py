"""PyTorch reference architectures, written from BasicSR's published definitions (MSRResNet,
RRDBNet, VGGStyleDiscriminator, SwinIR), Real-ESRGAN's SRVGGNetCompact and torchvision's VGG19 features, with
the same parameter names, so that the Java port can be checked against them and weights move both ways.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualBlockNoBN(nn.Module):
    def __init__(self, num_feat):
        super().__init__()
        self.conv1 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv2 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)

    def forward(self, x):
        return x + self.conv2(F.relu(self.conv1(x)))


class MSRResNet(nn.Module):
    def __init__(self, num_feat=64, num_block=16, upscale=4):
        super().__init__()
        self.upscale = upscale
        self.conv_first = nn.Conv2d(3, num_feat, 3, 1, 1)
        self.body = nn.Sequential(*[ResidualBlockNoBN(num_feat) for _ in range(num_block)])
        if upscale in (2, 3):
            self.upconv1 = nn.Conv2d(num_feat, num_feat * upscale * upscale, 3, 1, 1)
            self.pixel_shuffle = nn.PixelShuffle(upscale)
        else:
            self.upconv1 = nn.Conv2d(num_feat, num_feat * 4, 3, 1, 1)
            self.upconv2 = nn.Conv2d(num_feat, num_feat * 4, 3, 1, 1)
            self.pixel_shuffle = nn.PixelShuffle(2)
        self.conv_hr = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_last = nn.Conv2d(num_feat, 3, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.1, inplace=True)

    def forward(self, x):
        feat = self.lrelu(self.conv_first(x))
        out = self.body(feat)
        if self.upscale == 4:
            out = self.lrelu(self.pixel_shuffle(self.upconv1(out)))
            out = self.lrelu(self.pixel_shuffle(self.upconv2(out)))
        else:
            out = self.lrelu(self.pixel_shuffle(self.upconv1(out)))
        out = self.conv_last(self.lrelu(self.conv_hr(out)))
        return out + F.interpolate(x, scale_factor=self.upscale, mode="bilinear", align_corners=False)


class ResidualDenseBlock(nn.Module):
    def __init__(self, num_feat=64, num_grow_ch=32):
        super().__init__()
        self.conv1 = nn.Conv2d(num_feat, num_grow_ch, 3, 1, 1)
        self.conv2 = nn.Conv2d(num_feat + num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv3 = nn.Conv2d(num_feat + 2 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv4 = nn.Conv2d(num_feat + 3 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv5 = nn.Conv2d(num_feat + 4 * num_grow_ch, num_feat, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.2, inplace=True)

    def forward(self, x):
        x1 = self.lrelu(self.conv1(x))
        x2 = self.lrelu(self.conv2(torch.cat((x, x1), 1)))
        x3 = self.lrelu(self.conv3(torch.cat((x, x1, x2), 1)))
        x4 = self.lrelu(self.conv4(torch.cat((x, x1, x2, x3), 1)))
        x5 = self.conv5(torch.cat((x, x1, x2, x3, x4), 1))
        return x5 * 0.2 + x


class RRDB(nn.Module):
    def __init__(self, num_feat, num_grow_ch=32):
        super().__init__()
        self.rdb1 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb2 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb3 = ResidualDenseBlock(num_feat, num_grow_ch)

    def forward(self, x):
        return self.rdb3(self.rdb2(self.rdb1(x))) * 0.2 + x


class RRDBNet(nn.Module):
    def __init__(self, num_feat=64, num_block=23, num_grow_ch=32, scale=4):
        super().__init__()
        self.scale = scale
        # Scales 2 and 1 pixel-unshuffle the input (x2: 2x2 blocks, x1: 4x4) and run the x4 body.
        self.conv_first = nn.Conv2d(3 * {4: 1, 2: 4, 1: 16}[scale], num_feat, 3, 1, 1)
        self.body = nn.Sequential(*[RRDB(num_feat, num_grow_ch) for _ in range(num_block)])
        self.conv_body = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_up1 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_up2 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_hr = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_last = nn.Conv2d(num_feat, 3, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.2, inplace=True)

    def forward(self, x):
        if self.scale < 4:
            x = F.pixel_unshuffle(x, 4 // self.scale)
        feat = self.conv_first(x)
        feat = feat + self.conv_body(self.body(feat))
        feat = self.lrelu(self.conv_up1(F.interpolate(feat, scale_factor=2, mode="nearest")))
        feat = self.lrelu(self.conv_up2(F.interpolate(feat, scale_factor=2, mode="nearest")))
        return self.conv_last(self.lrelu(self.conv_hr(feat)))


def padded_forward(net, x, scale):
    """Real-ESRGAN's RealESRGANer for RRDBNet x2 and x1: reflect-pad the input to a multiple of the
    unshuffle factor, run, crop the output back to scale times the input."""
    mod = {2: 2, 1: 4}.get(scale, 1)
    h, w = x.shape[2:]
    x = F.pad(x, (0, (mod - w % mod) % mod, 0, (mod - h % mod) % mod), "reflect")
    return net(x)[:, :, : h * scale, : w * scale]


class SRVGGNetCompact(nn.Module):
    """Real-ESRGAN's compact network (realesr-general-x4v3, realesr-animevideov3), act_type 'prelu'."""

    def __init__(self, num_feat=64, num_conv=16, upscale=4):
        super().__init__()
        self.upscale = upscale
        self.body = nn.ModuleList([nn.Conv2d(3, num_feat, 3, 1, 1), nn.PReLU(num_parameters=num_feat)])
        for _ in range(num_conv):
            self.body.append(nn.Conv2d(num_feat, num_feat, 3, 1, 1))
            self.body.append(nn.PReLU(num_parameters=num_feat))
        self.body.append(nn.Conv2d(num_feat, 3 * upscale * upscale, 3, 1, 1))
        self.upsampler = nn.PixelShuffle(upscale)

    def forward(self, x):
        out = x
        for layer in self.body:
            out = layer(out)
        return self.upsampler(out) + F.interpolate(x, scale_factor=self.upscale, mode="nearest")


class VGGStyleDiscriminator(nn.Module):
    """BasicSR's discriminator for input_size 128 (5 stages) and 256 (6 stages); smaller powers of
    two get fewer stages in the Java port, and here likewise."""

    def __init__(self, num_in_ch=3, num_feat=64, input_size=128):
        super().__init__()
        stages = (input_size // 4).bit_length() - 1
        self.stages = stages
        self.conv0_0 = nn.Conv2d(num_in_ch, num_feat, 3, 1, 1, bias=True)
        self.conv0_1 = nn.Conv2d(num_feat, num_feat, 4, 2, 1, bias=False)
        self.bn0_1 = nn.BatchNorm2d(num_feat, affine=True)
        ch = num_feat
        for s in range(1, stages):
            out = num_feat * min(2 ** s, 8)
            setattr(self, f"conv{s}_0", nn.Conv2d(ch, out, 3, 1, 1, bias=False))
            setattr(self, f"bn{s}_0", nn.BatchNorm2d(out, affine=True))
            setattr(self, f"conv{s}_1", nn.Conv2d(out, out, 4, 2, 1, bias=False))
            setattr(self, f"bn{s}_1", nn.BatchNorm2d(out, affine=True))
            ch = out
        self.linear1 = nn.Linear(ch * 4 * 4, 100)
        self.linear2 = nn.Linear(100, 1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.2, inplace=True)

    def forward(self, x):
        feat = self.lrelu(self.conv0_0(x))
        feat = self.lrelu(self.bn0_1(self.conv0_1(feat)))
        for s in range(1, self.stages):
            feat = self.lrelu(getattr(self, f"bn{s}_0")(getattr(self, f"conv{s}_0")(feat)))
            feat = self.lrelu(getattr(self, f"bn{s}_1")(getattr(self, f"conv{s}_1")(feat)))
        # BasicSR's view(), as reshape: SwinIR's output arrives in channels-last memory, which view() refuses.
        feat = feat.reshape(feat.size(0), -1)
        return self.linear2(self.lrelu(self.linear1(feat)))


VGG19_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
             512, 512, 512, 512, "M"]
VGG19_NAMES = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv3_4",
               "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1", "conv5_2", "conv5_3", "conv5_4"]


class VGG19Features(nn.Module):
    """torchvision vgg19().features truncated after the deepest requested conv; returns pre-ReLU
    features of the requested layers (BasicSR VGGFeatureExtractor, use_input_norm, no range_norm)."""

    def __init__(self, layers):
        super().__init__()
        deepest = max(VGG19_NAMES.index(l) for l in layers)
        modules = []
        self.taps = {}
        ch, conv = 3, 0
        for v in VGG19_CFG:
            if conv > deepest:
                break
            if v == "M":
                modules.append(nn.MaxPool2d(2, 2))
            else:
                if VGG19_NAMES[conv] in layers:
                    self.taps[len(modules)] = VGG19_NAMES[conv]
                modules.append(nn.Conv2d(ch, v, 3, 1, 1))
                modules.append(nn.ReLU(inplace=False))
                ch, conv = v, conv + 1
        self.features = nn.Sequential(*modules)
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1), persistent=False)

    def forward(self, x):
        x = (x - self.mean) / self.std
        out = []
        for i, m in enumerate(self.features):
            x = m(x)
            if i in self.taps:
                out.append(x.clone())
        return out


# ----------------------------------------------------------------------------------------------------
# SwinIR (BasicSR's basicsr/archs/swinir_arch.py): patch size 1, 3 channels, qkv bias, no dropout, no
# drop path, no absolute position embedding, LayerNorm after the patch embedding. Same module tree and
# state-dict names; BasicSR's parameterless PatchEmbed/PatchUnEmbed of each RSTB are plain reshapes here.

def window_partition(x, ws):
    """(b, h, w, c) -> (b * h/ws * w/ws, ws, ws, c), windows in (batch, row, column) order."""
    b, h, w, c = x.shape
    x = x.view(b, h // ws, ws, w // ws, ws, c).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(-1, ws, ws, c)


def window_reverse(windows, ws, h, w):
    c = windows.shape[-1]
    x = windows.view(-1, h // ws, w // ws, ws, ws, c).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(-1, h, w, c)


def relative_position_index(ws):
    """(ws*ws, ws*ws) int64: entry (p, q) = (dy + ws - 1) * (2ws - 1) + (dx + ws - 1) where (dy, dx) is
    token p's (row, column) in the window minus token q's."""
    row = torch.arange(ws).repeat_interleave(ws)
    col = torch.arange(ws).repeat(ws)
    dy = row[:, None] - row[None, :] + ws - 1
    dx = col[:, None] - col[None, :] + ws - 1
    return dy * (2 * ws - 1) + dx


def shifted_window_mask(h, w, ws, shift):
    """(nw, ws*ws, ws*ws) float mask of a shifted window attention on an h x w map: each axis has three
    bands, [0, n-ws), [n-ws, n-shift), [n-shift, n); tokens of different (row band, column band) regions
    get -100, the others 0."""
    def bands(n):
        i = torch.arange(n)
        return (i >= n - ws).long() + (i >= n - shift).long()

    region = (bands(h)[:, None] * 3 + bands(w)[None, :]).float().view(1, h, w, 1)
    region = window_partition(region, ws).view(-1, ws * ws)
    diff = region[:, None, :] - region[:, :, None]
    return torch.where(diff != 0, torch.tensor(-100.0), torch.tensor(0.0))


class SwinMlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class WindowAttention(nn.Module):
    def __init__(self, dim, window_size, num_heads):
        super().__init__()
        self.window_size = window_size
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * window_size - 1) ** 2, num_heads))
        nn.init.trunc_normal_(self.relative_position_bias_table, std=0.02)
        self.register_buffer("relative_position_index", relative_position_index(window_size))
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, mask=None):
        b, n, c = x.shape  # b: windows times batch, n = ws * ws tokens
        heads = self.num_heads
        q, k, v = self.qkv(x).view(b, n, 3, heads, c // heads).permute(2, 0, 3, 1, 4)
        attn = (q * self.scale) @ k.transpose(-2, -1)
        bias = self.relative_position_bias_table[self.relative_position_index.view(-1)].view(n, n, heads)
        attn = attn + bias.permute(2, 0, 1).unsqueeze(0)
        if mask is not None:
            nw = mask.shape[0]
            attn = (attn.view(b // nw, nw, heads, n, n) + mask[None, :, None]).view(b, heads, n, n)
        x = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(x)


class SwinTransformerBlock(nn.Module):
    def __init__(self, dim, input_resolution, num_heads, window_size, shift_size, mlp_ratio):
        super().__init__()
        self.input_resolution = tuple(input_resolution)
        # BasicSR: a feature map no larger than the window is one window, without shift.
        if min(self.input_resolution) <= window_size:
            shift_size, window_size = 0, min(self.input_resolution)
        self.window_size, self.shift_size = window_size, shift_size
        # A buffer only where shifted (BasicSR registers None otherwise, which the state dict leaves out).
        self.register_buffer("attn_mask", shifted_window_mask(*self.input_resolution, window_size, shift_size)
                             if shift_size > 0 else None)
        self.norm1 = nn.LayerNorm(dim)
        self.attn = WindowAttention(dim, window_size, num_heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = SwinMlp(dim, int(dim * mlp_ratio))

    def forward(self, x, x_size):
        h, w = x_size
        b, _, c = x.shape
        ws, s = self.window_size, self.shift_size
        y = self.norm1(x).view(b, h, w, c)
        if s > 0:
            y = torch.roll(y, shifts=(-s, -s), dims=(1, 2))
        mask = None
        if s > 0:
            mask = self.attn_mask if tuple(x_size) == self.input_resolution else shifted_window_mask(h, w, ws, s)
        y = self.attn(window_partition(y, ws).view(-1, ws * ws, c), mask)
        y = window_reverse(y.view(-1, ws, ws, c), ws, h, w)
        if s > 0:
            y = torch.roll(y, shifts=(s, s), dims=(1, 2))
        x = x + y.reshape(b, h * w, c)
        return x + self.mlp(self.norm2(x))


def _conv_block(dim, kind):
    """RSTB's conv and SwinIR's conv_after_body: '1conv' a 3x3 conv, '3conv' 3x3 to dim/4, 1x1, 3x3 back,
    LeakyReLU 0.2 between."""
    if kind == "1conv":
        return nn.Conv2d(dim, dim, 3, 1, 1)
    q = dim // 4
    return nn.Sequential(nn.Conv2d(dim, q, 3, 1, 1), nn.LeakyReLU(0.2, inplace=True),
                         nn.Conv2d(q, q, 1, 1, 0), nn.LeakyReLU(0.2, inplace=True),
                         nn.Conv2d(q, dim, 3, 1, 1))


class BasicLayer(nn.Module):
    def __init__(self, dim, input_resolution, depth, num_heads, window_size, mlp_ratio):
        super().__init__()
        self.blocks = nn.ModuleList([
            SwinTransformerBlock(dim, input_resolution, num_heads, window_size,
                                 0 if j % 2 == 0 else window_size // 2, mlp_ratio) for j in range(depth)])

    def forward(self, x, x_size):
        for blk in self.blocks:
            x = blk(x, x_size)
        return x


def _tokens_to_map(x, x_size):
    return x.transpose(1, 2).reshape(x.shape[0], x.shape[2], x_size[0], x_size[1])


def _map_to_tokens(x):
    return x.flatten(2).transpose(1, 2)


class RSTB(nn.Module):
    """Residual Swin Transformer block: tokens + tokens(conv(map(blocks(tokens))))."""

    def __init__(self, dim, input_resolution, depth, num_heads, window_size, mlp_ratio, resi_connection):
        super().__init__()
        self.residual_group = BasicLayer(dim, input_resolution, depth, num_heads, window_size, mlp_ratio)
        self.conv = _conv_block(dim, resi_connection)

    def forward(self, x, x_size):
        return _map_to_tokens(self.conv(_tokens_to_map(self.residual_group(x, x_size), x_size))) + x


class _PatchEmbedNorm(nn.Module):
    """BasicSR's PatchEmbed with patch_norm: (b, c, h, w) -> LayerNorm over c of the (b, h*w, c) tokens."""

    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        return self.norm(_map_to_tokens(x))


class SwinIR(nn.Module):
    def __init__(self, img_size=64, embed_dim=96, depths=(6, 6, 6, 6), num_heads=(6, 6, 6, 6), window_size=7,
                 mlp_ratio=4., upscale=2, img_range=1., upsampler="", resi_connection="1conv", num_feat=64):
        super().__init__()
        res = tuple(img_size) if isinstance(img_size, (tuple, list)) else (img_size, img_size)
        self.img_range, self.upscale, self.upsampler = img_range, upscale, upsampler
        self.mean = torch.tensor([0.4488, 0.4371, 0.4040]).view(1, 3, 1, 1)  # not a buffer, as in BasicSR
        self.conv_first = nn.Conv2d(3, embed_dim, 3, 1, 1)
        self.patch_embed = _PatchEmbedNorm(embed_dim)
        self.layers = nn.ModuleList([RSTB(embed_dim, res, d, h, window_size, mlp_ratio, resi_connection)
                                     for d, h in zip(depths, num_heads)])
        self.norm = nn.LayerNorm(embed_dim)
        self.conv_after_body = _conv_block(embed_dim, resi_connection)
        if upsampler == "pixelshuffle":
            self.conv_before_upsample = nn.Sequential(nn.Conv2d(embed_dim, num_feat, 3, 1, 1),
                                                      nn.LeakyReLU(inplace=True))  # slope 0.01
            if upscale & (upscale - 1) == 0:
                up = []
                for _ in range(int(math.log2(upscale))):
                    up += [nn.Conv2d(num_feat, 4 * num_feat, 3, 1, 1), nn.PixelShuffle(2)]
            elif upscale == 3:
                up = [nn.Conv2d(num_feat, 9 * num_feat, 3, 1, 1), nn.PixelShuffle(3)]
            else:
                raise ValueError(f"scale {upscale}: pixelshuffle supports 2^n and 3")
            self.upsample = nn.Sequential(*up)
            self.conv_last = nn.Conv2d(num_feat, 3, 3, 1, 1)
        elif upsampler == "pixelshuffledirect":
            self.upsample = nn.Sequential(nn.Conv2d(embed_dim, 3 * upscale * upscale, 3, 1, 1),
                                          nn.PixelShuffle(upscale))
        elif upsampler == "nearest+conv":
            assert upscale == 4, "nearest+conv: x4 only"
            self.conv_before_upsample = nn.Sequential(nn.Conv2d(embed_dim, num_feat, 3, 1, 1),
                                                      nn.LeakyReLU(inplace=True))  # slope 0.01
            self.conv_up1 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
            self.conv_up2 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
            self.conv_hr = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
            self.conv_last = nn.Conv2d(num_feat, 3, 3, 1, 1)
            self.lrelu = nn.LeakyReLU(negative_slope=0.2, inplace=True)
        else:
            self.conv_last = nn.Conv2d(embed_dim, 3, 3, 1, 1)
        # BasicSR's initialisation of the transformer parts (convs keep torch's default).
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)

    def forward_features(self, x):
        x_size = (x.shape[2], x.shape[3])
        x = self.patch_embed(x)
        for layer in self.layers:
            x = layer(x, x_size)
        return _tokens_to_map(self.norm(x), x_size)

    def forward(self, x):
        mean = self.mean.type_as(x)
        x = (x - mean) * self.img_range
        if self.upsampler == "":
            first = self.conv_first(x)
            x = x + self.conv_last(self.conv_after_body(self.forward_features(first)) + first)
        else:
            x = self.conv_first(x)
            x = self.conv_after_body(self.forward_features(x)) + x
            if self.upsampler == "pixelshuffle":
                x = self.conv_last(self.upsample(self.conv_before_upsample(x)))
            elif self.upsampler == "pixelshuffledirect":
                x = self.upsample(x)
            else:
                x = self.conv_before_upsample(x)
                x = self.lrelu(self.conv_up1(F.interpolate(x, scale_factor=2, mode="nearest")))
                x = self.lrelu(self.conv_up2(F.interpolate(x, scale_factor=2, mode="nearest")))
                x = self.conv_last(self.lrelu(self.conv_hr(x)))
        return x / self.img_range + mean


def swinir_padded_forward(net, x, window_size, scale):
    """SwinIR's main_test_swinir.py padding: mirror the bottom rows, then the right columns, by flip and
    concatenation (the edge pixel is repeated, unlike F.pad 'reflect') up to a multiple of window_size,
    but only where the size is not one already; run; crop the output to scale times the input."""
    h, w = x.shape[2:]
    ph, pw = (window_size - h % window_size) % window_size, (window_size - w % window_size) % window_size
    if ph:
        x = torch.cat([x, torch.flip(x, [2])], 2)[:, :, :h + ph]
    if pw:
        x = torch.cat([x, torch.flip(x, [3])], 3)[:, :, :, :w + pw]
    return net(x)[:, :, :h * scale, :w * scale]
