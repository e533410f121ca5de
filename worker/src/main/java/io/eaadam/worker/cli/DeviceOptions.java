package io.eaadam.worker.cli;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.DeviceChoice;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Where a command computes: {@code --device} and {@code --threads}, as device.type and device.threads. */
public final class DeviceOptions {

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "auto (GPU 0 when libtorch sees one, else the CPU), cpu or gpu:N (default: device.type).")
    DeviceChoice device;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads; 0 = libtorch's default "
            + "(default: device.threads).")
    Integer threads;

    /** The overrides these options make (none for an option not given). */
    public List<String> overrides() {
        List<String> overrides = new ArrayList<>();
        if (device != null) {
            overrides.add(ConfigLoader.override("device.type", device.toString()));
        }
        if (threads != null) {
            overrides.add("device.threads=" + threads);
        }
        return overrides;
    }
}
