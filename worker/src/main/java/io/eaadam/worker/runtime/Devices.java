package io.eaadam.worker.runtime;

import ai.djl.Device;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what the user or Spark asks for to a DJL device, in one place. Spark hands a task its GPU as
 * an address string (the discovery script's output, usually the CUDA index); "cpu" or an empty
 * address means the CPU. A GPU that was asked for but cannot be used is an error, never a silent
 * fall-back: DJL otherwise runs on the CPU when no CUDA runtime loads.
 */
public final class Devices {

    private static final Logger logger = LoggerFactory.getLogger(Devices.class);
    private static final java.util.Set<String> FALLBACKS_LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Devices() {}

    /**
     * The device of a task to which a scheduler (Spark's resource scheduling) assigned the GPU
     * {@code address}, for a {@code device.type} setting: {@code cpu} keeps the CPU; {@code auto} takes
     * the assigned GPU when the engine sees it and otherwise falls back to the CPU, saying so in the log
     * (a CPU-only libtorch on a machine whose GPUs Spark schedules, or fake addresses in tests); any
     * other setting asked for a GPU, so the assigned one must be usable or the task fails.
     */
    public static Device assigned(String address, String type) {
        String t = type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return Device.cpu();
        }
        if (t.equals("auto")) {
            Device gpu = resolveName(address);
            int count = TorchRuntime.engine().getGpuCount();
            if (gpu.isGpu() && gpu.getDeviceId() >= count) {
                if (FALLBACKS_LOGGED.add(address)) { // once per address and JVM, not once per task
                    logger.warn("GPU address '{}' was assigned but the PyTorch engine sees {} GPU(s); device.type=auto "
                            + "falls back to the CPU (set device.type=gpu to make this an error)", address, count);
                }
                return Device.cpu();
            }
            return gpu;
        }
        resolveName(type); // a wrong setting is named even though the scheduler picks the GPU
        return resolve(address);
    }

    /**
     * The device for a {@code device.type} setting: {@code auto} takes GPU 0 when the engine sees one
     * and the CPU otherwise; anything else as {@link #resolve}.
     */
    public static Device choose(String type) {
        if ("auto".equalsIgnoreCase(type == null ? "" : type.trim())) {
            return TorchRuntime.engine().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        }
        return resolve(type);
    }

    /**
     * Resolves a device name: {@code cpu}, {@code gpu} (index 0), {@code gpu:N}, {@code cuda:N}, or a bare
     * index {@code N} as Spark's resource scheduler gives it.
     */
    public static Device resolve(String name) {
        Device device = resolveName(name);
        return device.isGpu() ? gpu(device.getDeviceId()) : device;
    }

    /** The device a name denotes, without checking that the engine has it. */
    private static Device resolveName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.isEmpty() || n.equals("cpu")) {
            return Device.cpu();
        }
        int index;
        if (n.equals("gpu") || n.equals("cuda")) {
            index = 0;
        } else {
            String digits = n.startsWith("gpu:") ? n.substring(4) : n.startsWith("cuda:") ? n.substring(5) : n;
            try {
                index = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + name
                        + "': expected cpu, gpu, gpu:N, cuda:N or a GPU index N");
            }
            if (index < 0) {
                throw new IllegalArgumentException("device '" + name + "': GPU index must be >= 0");
            }
        }
        return Device.gpu(index);
    }

    /** A GPU device after checking that the engine really sees that GPU. */
    public static Device gpu(int index) {
        int count = TorchRuntime.engine().getGpuCount();
        if (index >= count) {
            throw new IllegalStateException("GPU " + index + " was requested but the PyTorch engine sees "
                    + count + " GPU(s)" + (count == 0
                            ? " (no CUDA runtime could be loaded: check the CUDA libtorch in DJL's cache "
                                    + "and the driver; refusing to fall back to the CPU)"
                            : ""));
        }
        return Device.gpu(index);
    }
}
