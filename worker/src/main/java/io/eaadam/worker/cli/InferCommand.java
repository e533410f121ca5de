package io.eaadam.worker.cli;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.OutputFormat;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.upscale.UpscaleInputs;
import io.eaadam.common.upscale.UpscaleItem;
import io.eaadam.common.upscale.UpscaleRecord;
import io.eaadam.worker.infer.FileUpscaler;
import io.eaadam.worker.infer.TiledUpscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code infer}: upscales a file or a folder without Spark, one image after another, through the same tiled,
 * streamed and limit-checked {@link FileUpscaler} as {@code upscale}.
 */
@Command(name = "infer", header = "Upscales an image or a folder of images without Spark.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upscales an image, or the PNG and JPEG images of a folder at any depth (relative paths kept), "
            + "without Spark: the tiled, streamed upscaler of upscale, one image after another. Grey inputs come out "
            + "RGB, alpha is kept, 16-bit PNGs stay 16-bit. A broken input is named on one line and skipped; the "
            + "exit status is then 1."})
final class InferCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "IMAGE|DIR", description = "An image, or a folder.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "IMAGE|DIR",
            description = "For one input image, a .png or .jpg file (its format); otherwise a folder.")
    String output;

    @Mixin
    ModelFileOptions model;

    @Mixin
    UpscaleOptions upscale;

    @Override
    public Integer call() throws IOException {
        EaAdamConfig.Model stored = model.model();
        Path inputPath = Storage.path(input);
        if (!Storage.fs(inputPath).exists(inputPath)) {
            throw new IOException(input + ": no such file or folder; expected an image or a folder of images");
        }
        FileStatus status = Storage.fs(inputPath).getFileStatus(inputPath);
        boolean toFile = status.isFile() && ImageCodec.isSupportedName(output);
        // A file named as output says its format; formats only read (WebP, BMP) are refused as names.
        OutputFormat named = OutputFormat.ofName(output);
        if (toFile && named == null) {
            throw new UsageError("--output " + output + ": infer writes PNG, JPEG or TIFF; name the file .png, .jpg "
                    + "or .tif");
        }
        EaAdamConfig config = EaAdamConfig.from(toFile ? upscale.resolve("upscale.format=" + named) : upscale.resolve());
        List<UpscaleItem> items = new ArrayList<>();
        List<UpscaleRecord> failed = new ArrayList<>();
        if (toFile) {
            items.add(new UpscaleItem(input, output, status.getLen()));
        } else {
            UpscaleInputs listed = UpscaleInputs.list(List.of(input), output, config.upscale().format());
            items.addAll(listed.items());
            failed.addAll(listed.refused());
        }
        int inputs = items.size() + failed.size();
        if (inputs == 0) {
            throw new IOException(input + ": no PNG, JPEG, TIFF, WebP or BMP images in this folder");
        }

        TorchRuntime.setThreads(config.device().threads());
        EaAdamConfig.Upscale tiling = config.upscale();
        try (NDManager manager = NDManager.newBaseManager(Devices.choose(config.device().type()), TorchRuntime.ENGINE);
                Generator generator = Models.generator(stored, manager, 0)) {
            FileUpscaler files = new FileUpscaler(new TiledUpscaler(generator, tiling.tile(), tiling.overlap(),
                    tiling.batch()), tiling);
            for (UpscaleItem item : items) {
                UpscaleRecord record = files.upscale(Storage.path(item.source()), Storage.path(item.target()));
                if (record.status().equals(UpscaleRecord.FAILED)) {
                    failed.add(record);
                } else {
                    System.out.println(item.source() + " -> " + item.target());
                }
            }
        }
        for (UpscaleRecord record : failed) {
            System.err.println(Cli.PROGRAM + " infer: " + record.reason());
        }
        if (!failed.isEmpty()) {
            System.err.println(Cli.PROGRAM + " infer: " + failed.size() + " of " + inputs + " inputs failed");
        }
        return failed.isEmpty() ? 0 : 1;
    }
}
