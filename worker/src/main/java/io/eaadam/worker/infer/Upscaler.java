package io.eaadam.worker.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.image.Image;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.runtime.GradMode;

/**
 * Runs a generator on whole images: (3, h, w) in [0, 1] to (3, s*h, s*w), clamped to [0, 1] as
 * BasicSR's {@code tensor2img} does before quantising. Without autograd; one scope per image.
 */
public final class Upscaler {

    private final Generator generator;

    public Upscaler(Generator generator) {
        this.generator = generator;
    }

    public int scale() {
        return generator.scale();
    }

    public Image upscale(Image rgb) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("upscaling needs an RGB image, got " + rgb.shapeString());
        }
        try (NDManager scope = generator.weights().newScope();
                GradMode ignored = GradMode.disabled()) {
            NDArray lr = scope.create(rgb.data(), new Shape(1, 3, rgb.height(), rgb.width()));
            NDArray sr = generator.forward(lr).clip(0f, 1f);
            int s = generator.scale();
            return Image.of(3, rgb.height() * s, rgb.width() * s, sr.toFloatArray());
        }
    }
}
