package io.eaadam.worker.runtime;

import ai.djl.Device;

import io.eaadam.common.config.DeviceChoice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what the user or Spark asks for to a DJL device, in one place. Spark hands a task its GPU as
 * an address string (the discovery script's output, the CUDA index); "cpu" or an empty address means
 * the CPU. A GPU that was asked for but cannot be used is an error, never a silent
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
     * (a CPU-only libtorch on a machine whose GPUs Spark schedules, or fake addresses in tests); a
     * {@code gpu} setting asked for a GPU, so the assigned one must be usable or the task fails.
     */
    public static Device assigned(String address, DeviceChoice choice) {
        return switch (choice.kind()) {
            case CPU -> Device.cpu();
            case GPU -> resolve(address);
            case AUTO -> {
                Device gpu = resolveName(address);
                int count = TorchRuntime.engine().getGpuCount();
                if (gpu.isGpu() && gpu.getDeviceId() >= count) {
                    if (FALLBACKS_LOGGED.add(address)) { // once per address and JVM, not once per task
                        logger.warn("GPU address '{}' was assigned but the PyTorch engine sees {} GPU(s); device.type=auto "
                                + "falls back to the CPU (set device.type=gpu to make this an error)", address, count);
                    }
                    yield Device.cpu();
                }
                yield gpu;
            }
        };
    }

    /** The device for a {@code device.type} setting: {@code auto} takes GPU 0 when the engine sees one, else the CPU. */
    /** A device as device.type spells it: {@code cpu} or {@code gpu:N} (DJL writes {@code cpu()}, {@code gpu(0)}). */
    public static String name(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType();
    }

    public static Device choose(DeviceChoice choice) {
        return switch (choice.kind()) {
            case AUTO -> TorchRuntime.engine().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
            case CPU -> Device.cpu();
            case GPU -> gpu(choice.gpu());
        };
    }

    /**
     * Resolves a GPU address as Spark's resource scheduler gives it (a bare index {@code N}; {@code cpu} or
     * empty for none), checking that the engine has that GPU.
     */
    public static Device resolve(String address) {
        Device device = resolveName(address);
        return device.isGpu() ? gpu(device.getDeviceId()) : device;
    }

    /** The device an address denotes, without checking that the engine has it. */
    private static Device resolveName(String address) {
        String a = address == null ? "" : address.trim().toLowerCase(java.util.Locale.ROOT);
        if (a.isEmpty() || a.equals("cpu")) {
            return Device.cpu();
        }
        try {
            int index = Integer.parseInt(a);
            if (index >= 0) {
                return Device.gpu(index);
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("GPU address '" + address + "': expected a GPU index N (or cpu)");
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
