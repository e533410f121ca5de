package io.eaadam.worker.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.data.ImagePair;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.metrics.Psnr;
import io.eaadam.common.metrics.Ssim;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.LpipsAlex;
import io.eaadam.worker.runtime.GradMode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * PSNR and SSIM on Y, and LPIPS on RGB when an LPIPS network is given (method 6.4, BasicSR's convention),
 * of a model and of MATLAB bicubic over a set of image pairs: both outputs quantised to 8 bits as saved
 * images would be, then {@code scale} pixels cropped from every border.
 */
public final class Evaluation {

    /** One image's or the mean scores; lpips is NaN when not measured. */
    public record Scores(double psnr, double ssim, double lpips) implements Serializable {}

    /** The scores of one image, the model's and bicubic's. */
    public record ImageScore(String name, Scores model, Scores bicubic) implements Serializable {}

    /** Per-image scores and their means. */
    public record Result(List<ImageScore> images, Scores model, Scores bicubic) implements Serializable {}

    private Evaluation() {}

    public static Result run(Upscaler upscaler, List<ImagePair> pairs) {
        return run(upscaler, pairs, null, done -> { });
    }

    /**
     * @param lpips the LPIPS network, on the upscaler's device; null to leave LPIPS out
     * @param afterImage told the number of images scored so far, after each
     */
    public static Result run(Upscaler upscaler, List<ImagePair> pairs, LpipsAlex lpips, IntConsumer afterImage) {
        int scale = upscaler.scale();
        List<ImageScore> images = new ArrayList<>();
        double[] model = new double[3];
        double[] bicubic = new double[3];
        for (ImagePair pair : pairs) {
            Image hr = pair.hr().quantized(8);
            Scores sr = score(upscaler.upscale(pair.lr()).quantized(8), hr, scale, lpips);
            Scores interpolated = score(MatlabResize.resize(pair.lr(), scale).quantized(8), hr, scale, lpips);
            images.add(new ImageScore(pair.name(), sr, interpolated));
            add(model, sr);
            add(bicubic, interpolated);
            afterImage.accept(images.size());
        }
        int n = Math.max(pairs.size(), 1);
        return new Result(images, new Scores(model[0] / n, model[1] / n, model[2] / n),
                new Scores(bicubic[0] / n, bicubic[1] / n, bicubic[2] / n));
    }

    private static Scores score(Image sr, Image hr, int scale, LpipsAlex lpips) {
        return new Scores(Psnr.y(sr, hr, scale), Ssim.y(sr, hr, scale), lpips == null ? Double.NaN
                : lpips(lpips, sr.crop(scale, scale, sr.width() - 2 * scale, sr.height() - 2 * scale),
                        hr.crop(scale, scale, hr.width() - 2 * scale, hr.height() - 2 * scale)));
    }

    private static double lpips(LpipsAlex lpips, Image a, Image b) {
        try (NDManager scope = lpips.weights().newScope();
                GradMode ignored = GradMode.disabled()) {
            Shape shape = new Shape(1, 3, a.height(), a.width());
            NDArray distance = lpips.distance(scope.create(a.data(), shape), scope.create(b.data(), shape));
            return distance.getFloat(0);
        }
    }

    private static void add(double[] sums, Scores scores) {
        sums[0] += scores.psnr();
        sums[1] += scores.ssim();
        sums[2] += scores.lpips();
    }
}
