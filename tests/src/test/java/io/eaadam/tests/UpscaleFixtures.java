package io.eaadam.tests;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.DecodedImage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.testing.TestImages;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.TorchRuntime;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Archives, models and forked JVMs for the upscale tests and benchmark. */
public final class UpscaleFixtures {

    private UpscaleFixtures() {}

    /** A seeded MSRResNet written as safetensors with a model card beside it; returns the card's path. */
    public static Path tinyModel(Path dir, int scale, int features, int blocks) throws IOException {
        EaAdamConfig.Model model = ConfigLoader.load(null, List.of("model.scale=" + scale, "model.num-feat=" + features,
                "model.num-block=" + blocks)).model();
        Files.createDirectories(dir);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE);
                Generator generator = Models.generator(model, manager, 7)) {
            SafeTensorsFiles.write(dir.resolve("weights.safetensors").toString(), generator.weights().stateDict(), Map.of());
        }
        Path card = dir.resolve(ModelCard.FILE_NAME);
        new ModelCard(ModelCard.FORMAT, ModelCard.Architecture.of(model), "weights.safetensors",
                Storage.sha256(Files.readAllBytes(dir.resolve("weights.safetensors"))), null, List.of(), Map.of())
                .write(card.toString());
        return card;
    }

    /** A good input: its path relative to the archive and the size its output must have, before scaling. */
    record Good(String relative, int width, int height, boolean alpha, int bitDepth) {}

    /** An archive of good images of every kind and of broken or odd files. */
    record Archive(List<Good> good, Map<String, String> bad) {}

    /**
     * Writes {@code generated} synthetic scenes (PNG and JPEG, in nested folders, some large enough to be
     * tiled), downscaled real photos, grey, 16-bit, alpha and EXIF-rotated images, and a dozen broken
     * files (relative path to the words their report reason must contain).
     */
    static Archive archive(Path root, int generated) throws IOException {
        List<Good> good = new ArrayList<>();
        Map<String, String> bad = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < generated; i++) {
            int width = 12 + random.nextInt(40);
            int height = 12 + random.nextInt(40);
            if (i % 50 == 0) {
                width = 70 + random.nextInt(30);
                height = 60 + random.nextInt(30);
            }
            Image scene = SyntheticImages.scene(width, height, i);
            String folder = "gen/" + (i % 7) + "/" + (i % 3);
            boolean jpeg = i % 4 == 0;
            String relative = folder + "/scene-" + i + (jpeg ? ".jpg" : ".png");
            write(root.resolve(relative), jpeg ? jpeg(scene) : png(scene, null, 8));
            good.add(new Good(relative, width, height, false, 8));
        }
        File[] photos = new File("/usr/share/backgrounds/mate/nature").listFiles((d, n) -> n.endsWith(".jpg"));
        if (photos == null || photos.length == 0) {
            throw new IllegalStateException("no photos in /usr/share/backgrounds/mate/nature; install mate-backgrounds");
        }
        Arrays.sort(photos);
        for (File photo : Arrays.copyOf(photos, Math.min(6, photos.length))) {
            Image whole = ImageCodec.decode(Files.readAllBytes(photo.toPath()), photo.getName()).rgb();
            Image small = MatlabResize.downscale(whole.crop(whole.width() / 2 - 240, whole.height() / 2 - 160, 480, 320), 8);
            String relative = "photos/" + photo.getName();
            write(root.resolve(relative), jpeg(small));
            good.add(new Good(relative, small.width(), small.height(), false, 8));
        }
        Image scene = SyntheticImages.scene(40, 28, 1000);
        write(root.resolve("odd/grey.png"), greyPng(scene));
        good.add(new Good("odd/grey.png", 40, 28, false, 8));
        write(root.resolve("odd/deep.png"), png(scene, null, 16));
        good.add(new Good("odd/deep.png", 40, 28, false, 16));
        write(root.resolve("odd/alpha.png"), png(scene, TestImages.smoothRgb(40, 28, 3).channel(0), 8));
        good.add(new Good("odd/alpha.png", 40, 28, true, 8));
        write(root.resolve("odd/deep-alpha.png"), png(scene, TestImages.smoothRgb(40, 28, 4).channel(2), 16));
        good.add(new Good("odd/deep-alpha.png", 40, 28, true, 16));
        write(root.resolve("odd/rotated.jpg"), TestImages.withExifOrientation(jpeg(scene), 6));
        good.add(new Good("odd/rotated.jpg", 28, 40, false, 8));
        write(root.resolve("odd/jpeg-named.png"), jpeg(scene));
        good.add(new Good("odd/jpeg-named.png", 40, 28, false, 8));

        byte[] png = png(scene, null, 8);
        byte[] jpeg = jpeg(scene);
        byte[] noise = new byte[500];
        random.nextBytes(noise);
        byte[] crc = png.clone();
        crc[png.length / 2] ^= 0x10;
        Object[][] broken = {
            {"bad/empty.png", new byte[0], "empty file"},
            {"bad/empty-too.jpg", new byte[0], "empty file"},
            {"bad/text.png", "this is not an image\n".getBytes(StandardCharsets.UTF_8), "not a PNG, JPEG, TIFF, WebP or BMP"},
            {"bad/random.jpg", noise, "not a PNG, JPEG, TIFF, WebP or BMP"},
            {"bad/gif.png", "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1), "not a PNG, JPEG, TIFF, WebP or BMP"},
            {"bad/cut.png", Arrays.copyOf(png, png.length / 2), "truncated"},
            {"bad/cut-header.png", Arrays.copyOf(png, 20), "truncated"},
            {"bad/cut-too.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "truncated or corrupt JPEG"},
            {"bad/crc.png", crc, "CRC mismatch"},
            {"bad/huge.png", withPngSize(png, 60000, 60000), "more than upscale.max-input-pixels"},
            {"bad/huge-too.jpg", withJpegSize(jpeg, 65000, 65000), "more than upscale.max-input-pixels"},
            {"bad/no-frame.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2}, "no frame header"},
            // Two inputs with one output name: the first in path order (twin.jpg) is upscaled, the second reported.
            {"bad/twin.png", png, "is already that of"},
        };
        for (Object[] file : broken) {
            write(root.resolve((String) file[0]), (byte[]) file[1]);
            bad.put((String) file[0], (String) file[2]);
        }
        write(root.resolve("bad/twin.jpg"), jpeg);
        good.add(new Good("bad/twin.jpg", 40, 28, false, 8));
        // Not inputs at all: hidden files and other extensions are never listed.
        write(root.resolve("gen/.hidden.png"), png);
        write(root.resolve("gen/notes.txt"), "notes".getBytes(StandardCharsets.UTF_8));
        return new Archive(good, bad);
    }

    static byte[] png(Image rgb, Image alpha, int bitDepth) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageCodec.encodePng(rgb, alpha, bitDepth, out);
        return out.toByteArray();
    }

    static byte[] jpeg(Image rgb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageCodec.encodeJpeg(rgb, 0.9f, out);
        return out.toByteArray();
    }

    private static byte[] greyPng(Image rgb) throws IOException {
        BufferedImage grey = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                grey.getRaster().setSample(x, y, 0, Math.round(rgb.get(1, y, x) * 255));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", out);
        return out.toByteArray();
    }

    /** A PNG whose IHDR claims another size (CRC fixed), so that only the header check can catch it. */
    private static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        java.nio.ByteBuffer.wrap(out, 16, 8).putInt(width).putInt(height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(out, 12, 17);
        java.nio.ByteBuffer.wrap(out, 29, 4).putInt((int) crc.getValue());
        return out;
    }

    /** A JPEG whose frame header claims another size. */
    private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 9 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
                java.nio.ByteBuffer.wrap(out, i + 5, 4).putShort((short) height).putShort((short) width);
                return out;
            }
        }
        throw new IllegalStateException("no SOF0 in the JPEG");
    }

    static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    /** Hidden temporaries ({@code .name.tmp-*}) under {@code dir}, which a complete run must not leave. */
    static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    /**
     * Runs {@code ./eaadam args} in a new JVM with this JVM's classpath and flags but heap {@code xmx}, and
     * returns its exit status; its output goes to {@code log}.
     */
    static int forkEaadam(String xmx, Path log, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return forkEaadam(xmx, log, timeoutSeconds, null, Map.of(), args);
    }

    /**
     * As {@link #forkEaadam(String, Path, long, String...)}, in {@code workingDir} (null: this JVM's) and with
     * {@code environment} added to this JVM's.
     */
    static int forkEaadam(String xmx, Path log, long timeoutSeconds, Path workingDir, Map<String, String> environment,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + xmx);
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-Xmx") && !flag.startsWith("-javaagent")) {
                command.add(flag);
            }
        }
        if (System.getProperty("eaadam.home") != null) {
            command.add("-Deaadam.home=" + System.getProperty("eaadam.home")); // where presets are found
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.eaadam.jobs.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("eaadam " + String.join(" ", args) + " ran past " + timeoutSeconds + " s; log: " + log);
        }
        return process.exitValue();
    }

    static DecodedImage decode(Path file) throws IOException {
        return ImageCodec.decode(Files.readAllBytes(file), file.toString());
    }
}
