package io.eaadam.jobs.upscale;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.upscale.UpscaleItem;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.jobs.monitor.RunMetrics;
import io.eaadam.jobs.monitor.TaskProgress;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.worker.infer.FileUpscaler;
import io.eaadam.worker.infer.TiledUpscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * What an executor does with one group of inputs: borrow a generator from this executor's pool (built
 * once per concurrently running task, then kept for every later task and image), and upscale the group
 * file by file.
 *
 * @param model the architecture and weights (the model card's or the options')
 * @param settings the upscale block of the config
 * @param device the device block of the config
 */
public record UpscaleTask(EaAdamConfig.Model model, EaAdamConfig.Upscale settings,
        EaAdamConfig.DeviceSettings device) implements Serializable {

    private static final Map<List<Object>, ConcurrentLinkedDeque<Generator>> GENERATORS = new ConcurrentHashMap<>();

    public List<UpscaleRecord> run(List<UpscaleItem> items) {
        // Measured on 2 cores, 8 images (docs/upscale.md): 2 tasks of 1 thread beat 2 tasks of 2 and 1 task of 2.
        TorchRuntime.setThreads(TaskDevices.threads(device.threads()));
        Device target = TaskDevices.current(device.type());
        List<Object> key = List.of(model, target.toString());
        ConcurrentLinkedDeque<Generator> pool = GENERATORS.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        Generator generator = pool.poll();
        if (generator == null) {
            generator = load(target);
        }
        try (TaskProgress progress = TaskProgress.start("upscale", "images", items.size(), target)) {
            FileUpscaler files = new FileUpscaler(
                    new TiledUpscaler(generator, settings.tile(), settings.overlap(), settings.batch()), settings);
            List<UpscaleRecord> records = new ArrayList<>();
            long failed = 0;
            double megapixels = 0;
            for (UpscaleItem item : items) {
                UpscaleRecord record = files.upscale(Storage.path(item.source()), Storage.path(item.target()));
                records.add(record);
                failed += record.status().equals(UpscaleRecord.FAILED) ? 1 : 0;
                megapixels += record.outputPixels() / 1e6;
                progress.update(records.size(), items.size(), 1,
                        Map.of(RunMetrics.FAILED, (double) failed, RunMetrics.MEGAPIXELS, megapixels));
            }
            return records;
        } finally {
            pool.push(generator);
        }
    }

    private Generator load(Device target) {
        try {
            // The generator lives as long as the executor: its manager is never closed.
            return Models.generator(model, NDManager.newBaseManager(target, TorchRuntime.ENGINE), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
