package io.eaadam.common.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The generator backbones: BasicSR's MSRResNet and RRDBNet (ESRGAN, Real-ESRGAN) and Real-ESRGAN's
 * SRVGGNetCompact, and BasicSR's SwinIR, each with the upscaling factors its definition has.
 */
public enum Arch {
    SRRESNET(2, 3, 4),
    /** x2 and x1 pixel-unshuffle the input into the x4 body, as BasicSR's RRDBNet does. */
    RRDB(1, 2, 4),
    SRVGG(1, 2, 3, 4),
    /** BasicSR's SwinIR; the scales its upsamplers have (nearest+conv only 4, none only 1). */
    SWINIR(1, 2, 3, 4, 8);

    private final int[] scales;

    Arch(int... scales) {
        this.scales = scales;
    }

    public boolean hasScale(int scale) {
        return Arrays.stream(scales).anyMatch(s -> s == scale);
    }

    /** "2, 3 or 4". */
    public String scales() {
        String all = Arrays.stream(scales).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }

    @Override
    public String toString() {
        return Choices.name(this);
    }
}
