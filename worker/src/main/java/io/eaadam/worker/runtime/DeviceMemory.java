package io.eaadam.worker.runtime;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory in use on a device, for monitoring: a GPU's used memory as CUDA reports it (all processes'), and
 * on the CPU this process's resident memory, where libtorch's tensors live beside the JVM's heap.
 */
public final class DeviceMemory {

    private static final Path STATM = Path.of("/proc/self/statm");
    /** Linux's page size on every platform Spark's images run on; /proc/self/statm counts in pages. */
    private static final long PAGE_BYTES = 4096;

    private DeviceMemory() {}

    /** Bytes in use on {@code device}; -1 where the platform does not tell. */
    public static long usedBytes(Device device) {
        if (device.isGpu()) {
            return CudaUtils.getGpuMemory(device).getUsed();
        }
        try {
            String[] pages = Files.readString(STATM, StandardCharsets.US_ASCII).trim().split("\\s+");
            return Long.parseLong(pages[1]) * PAGE_BYTES;
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux
        }
    }
}
