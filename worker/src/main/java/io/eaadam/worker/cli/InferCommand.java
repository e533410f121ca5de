package io.eaadam.worker.cli;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.cli.Args;
import io.eaadam.common.config.DeviceChoice;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.DecodedImage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.ImageFormatException;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code infer}: upscales a file or a folder of PNG/JPEG images with a model card or BasicSR-named
 * safetensors weights, writing PNG. Policy: the model sees RGB (grey inputs are replicated to RGB and come out RGB); an alpha
 * channel is upscaled separately with MATLAB bicubic and written back; 16-bit inputs give 16-bit PNGs.
 * A broken input is reported on one line and skipped; the exit status is 1 if any input failed.
 */
final class InferCommand implements Command {

    @Override
    public String name() {
        return "infer";
    }

    @Override
    public String usage() {
        return "infer --model model.json|FILE.safetensors --input FILE|DIR --output FILE.png|DIR [--arch srresnet|rrdb] "
                + "[--scale 4] [--num-feat 64] [--num-block 16|23] [--num-grow-ch 32] [--device auto|cpu|gpu:N] [--threads N]";
    }

    @Override
    public int run(String[] argv) throws IOException {
        Args args = Args.parse(name(), argv, Set.of());
        EaAdamConfig.Model model = ModelOptions.readStored(args);
        String input = args.required("input");
        String output = args.required("output");
        DeviceChoice device = ModelOptions.device(args);
        int threads = args.intOption("threads", 0);
        args.checkAllRead();

        Path inputPath = Storage.path(input);
        FileSystem fs = Storage.fs(inputPath);
        if (!fs.exists(inputPath)) {
            throw new IOException(input + ": no such file or folder; expected an image or a folder of images");
        }
        boolean single = fs.getFileStatus(inputPath).isFile();
        List<Path> inputs = single ? List.of(inputPath) : Storage.listImages(input, true);
        if (inputs.isEmpty()) {
            throw new IOException(input + ": no PNG or JPEG images in this folder");
        }

        TorchRuntime.setThreads(threads);
        int failed = 0;
        try (NDManager manager = NDManager.newBaseManager(Devices.choose(device), TorchRuntime.ENGINE);
                Generator generator = Models.generator(model, manager, 0)) {
            Upscaler upscaler = new Upscaler(generator);
            for (Path source : inputs) {
                Path target = single && isPng(output) ? Storage.path(output) : targetFor(inputPath, source, output, single);
                try {
                    upscale(upscaler, source, target);
                    System.out.println(source + " -> " + target);
                } catch (ImageFormatException e) {
                    System.err.println("eaadam infer: " + e.getMessage());
                    failed++;
                }
            }
        }
        if (failed > 0) {
            System.err.println("eaadam infer: " + failed + " of " + inputs.size() + " inputs failed");
        }
        return failed == 0 ? 0 : 1;
    }

    private static void upscale(Upscaler upscaler, Path source, Path target) throws IOException {
        DecodedImage decoded = ImageCodec.decode(Storage.readAll(source), source.getName());
        Image sr = upscaler.upscale(decoded.rgb());
        Image alpha = decoded.alpha() == null ? null : MatlabResize.resize(decoded.alpha(), upscaler.scale());
        Storage.writeAtomically(target, out -> ImageCodec.encodePng(sr, alpha, decoded.bitDepth(), out));
    }

    /** {@code output/<path relative to the input folder, with .png>}. */
    private static Path targetFor(Path inputRoot, Path source, String output, boolean single) {
        String relative = single ? source.getName()
                : source.toUri().getPath().substring(inputRoot.toUri().getPath().length()).replaceFirst("^/+", "");
        String stem = relative.contains(".") ? relative.substring(0, relative.lastIndexOf('.')) : relative;
        return new Path(Storage.path(output), stem + ".png");
    }

    private static boolean isPng(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".png");
    }
}
