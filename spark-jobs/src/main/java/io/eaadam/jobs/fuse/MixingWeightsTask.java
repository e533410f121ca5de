package io.eaadam.jobs.fuse;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.ImagePair;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.image.Image;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.worker.fusion.FusionTraining;
import io.eaadam.worker.runtime.TorchRuntime;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The Spark task of stage 3 (method 5.5): the trained heads' mean mixing weights over the fusion set, the
 * first {@code fusion.set-images} images in sorted order (not the authors' unsorted listing).
 *
 * @param heads the trained heads; null when no epoch was trained (the seeded init)
 */
public record MixingWeightsTask(FusionInputs inputs, Manifest.FileRef heads) implements Serializable {

    Map<String, double[]> run(EaAdamConfig config) throws IOException {
        TorchRuntime.setThreads(config.device().threads());
        EaAdamConfig.Fusion fusion = config.fusion();
        String hr = fusion.setHr().isBlank() ? config.data().trainHr() : fusion.setHr();
        String lr = fusion.setHr().isBlank() ? config.data().trainLr() : fusion.setLr();
        int scale = config.model().scale();
        List<Image> images = new PairLoader(scale, config.data().imageLimits()).loadAll(hr, lr, 4 * scale, fusion.setImages()).pairs().stream()
                .map(ImagePair::lr).toList();
        return FusionTraining.meanMixing(config, inputs.readExperts(),
                heads == null ? null : new RunStore(inputs.fusionDir()).readGenome(heads), images,
                TaskDevices.current(config.device().type()));
    }
}
