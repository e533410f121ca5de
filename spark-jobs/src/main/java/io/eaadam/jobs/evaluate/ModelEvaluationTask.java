package io.eaadam.jobs.evaluate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.BenchmarkFolder;
import io.eaadam.common.data.ImagePair;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.image.ImageLimits;
import io.eaadam.jobs.monitor.TaskProgress;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.worker.eval.Evaluation;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.LpipsAlex;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The Spark task that scores one model on one benchmark (method 6.4: PSNR and SSIM on Y, LPIPS when
 * weights are given; 8-bit outputs, {@code scale} border pixels cropped), beside MATLAB bicubic.
 *
 * @param model the architecture, with the weights file as its {@code initWeights}
 * @param imageLimits benchmark images larger than these are skipped
 * @param lpipsWeights LPIPS (alex) safetensors in the lpips package's names, or "" for none
 */
public record ModelEvaluationTask(String name, EaAdamConfig.Model model, BenchmarkFolder benchmark,
        EaAdamConfig.DeviceSettings device, ImageLimits imageLimits, String lpipsWeights) implements Serializable {

    /** A model's scores. */
    public record Scores(String name, String weights, Evaluation.Result result) implements Serializable {}

    public Scores run() throws IOException {
        TorchRuntime.setThreads(device.threads());
        List<ImagePair> pairs = new PairLoader(model.scale(), imageLimits).loadAll(benchmark.hr(), benchmark.lr(),
                4 * model.scale(), 0).pairs();
        Device target = TaskDevices.current(device.type());
        try (NDManager manager = NDManager.newBaseManager(target, TorchRuntime.ENGINE);
                Generator generator = Models.generator(model, manager, 0);
                LpipsAlex lpips = lpipsWeights.isBlank() ? null : Models.lpips(lpipsWeights, manager);
                TaskProgress progress = TaskProgress.start(name, "images", pairs.size(), target)) {
            return new Scores(name, model.initWeights(), Evaluation.run(new Upscaler(generator), pairs, lpips,
                    done -> progress.update(done, pairs.size(), 1, null)));
        }
    }
}
