package io.eaadam.worker.eval;

import io.eaadam.common.data.ImagePair;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.metrics.Psnr;
import io.eaadam.common.metrics.Ssim;
import io.eaadam.worker.infer.Upscaler;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * PSNR and SSIM on Y (spec 6.4, BasicSR's convention) of a model and of MATLAB bicubic over a set of
 * image pairs: both outputs quantised to 8 bits as saved images would be, then {@code scale} pixels
 * cropped from every border.
 */
public final class Evaluation {

    /** The scores of one image. */
    public record ImageScore(String name, double psnr, double ssim, double bicubicPsnr, double bicubicSsim)
            implements Serializable {}

    /** Per-image scores and their means. */
    public record Result(List<ImageScore> images, double psnr, double ssim, double bicubicPsnr, double bicubicSsim)
            implements Serializable {}

    private Evaluation() {}

    public static Result run(Upscaler upscaler, List<ImagePair> pairs) {
        int scale = upscaler.scale();
        List<ImageScore> scores = new ArrayList<>();
        double psnr = 0;
        double ssim = 0;
        double bicubicPsnr = 0;
        double bicubicSsim = 0;
        for (ImagePair pair : pairs) {
            Image sr = upscaler.upscale(pair.lr()).quantized(8);
            Image bicubic = MatlabResize.resize(pair.lr(), scale).quantized(8);
            Image hr = pair.hr().quantized(8);
            ImageScore score = new ImageScore(pair.name(), Psnr.y(sr, hr, scale), Ssim.y(sr, hr, scale),
                    Psnr.y(bicubic, hr, scale), Ssim.y(bicubic, hr, scale));
            scores.add(score);
            psnr += score.psnr();
            ssim += score.ssim();
            bicubicPsnr += score.bicubicPsnr();
            bicubicSsim += score.bicubicSsim();
        }
        int n = Math.max(pairs.size(), 1);
        return new Result(scores, psnr / n, ssim / n, bicubicPsnr / n, bicubicSsim / n);
    }
}
