package io.eaadam.common.metrics;

import io.eaadam.common.image.Image;
import io.eaadam.common.testing.TestImages;
import java.util.Arrays;

/** Image pairs whose PSNR and SSIM were computed once with numpy, for the metric tests. */
final class MetricPairs {

    private MetricPairs() {
    }

    /** HR is {@code lcgNoise(3, height, width, hrSeed)}; SR mixes it 3:1 (in float) with another noise image. */
    static Image[] correlated(int height, int width, int hrSeed, int noiseSeed) {
        Image hr = TestImages.lcgNoise(3, height, width, hrSeed);
        float[] noise = TestImages.lcgNoise(3, height, width, noiseSeed).data();
        float[] sr = new float[noise.length];
        for (int i = 0; i < sr.length; i++) {
            sr[i] = 0.75f * hr.data()[i] + 0.25f * noise[i];
        }
        return new Image[] {Image.of(3, height, width, sr), hr};
    }

    /** An RGB image with every sample equal to {@code value}. */
    static Image constant(int height, int width, float value) {
        float[] data = new float[3 * height * width];
        Arrays.fill(data, value);
        return Image.of(3, height, width, data);
    }
}
