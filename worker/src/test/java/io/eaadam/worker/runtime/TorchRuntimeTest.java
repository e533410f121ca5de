package io.eaadam.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.util.Platform;
import ai.djl.util.Utils;

import io.eaadam.common.config.DeviceChoice;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

class TorchRuntimeTest {

    @Test
    void engineLoadsOfflineFromTheClasspathNatives() throws Exception {
        assertEquals("2.7.1", TorchRuntime.version());
        assertTrue(Utils.isOfflineMode(), "DJL must run in offline mode");
        // The bundled natives (pytorch-native-cpu) make the platform concrete; a placeholder platform
        // is what makes DJL download libtorch.
        Platform platform = Platform.detectPlatform("pytorch");
        assertFalse(platform.isPlaceholder(), "libtorch must come from pytorch-native-cpu on the classpath");
        assertEquals("cpu", platform.getFlavor());
        // And it was extracted into this build's cache directory, which starts empty on a clean checkout.
        Path cache = Utils.getEngineCacheDir("pytorch");
        Path extracted = cache.resolve(platform.getVersion() + "-cpu-" + platform.getClassifier());
        assertTrue(Files.isRegularFile(extracted.resolve("libtorch.so")), "libtorch.so in " + extracted);
        assertTrue(Files.list(extracted).anyMatch(p -> p.getFileName().toString().endsWith("libdjl_torch.so")),
                "DJL's JNI library from pytorch-jni in " + extracted);
    }

    @Test
    void devicesResolveAndRefuseMissingGpus() {
        assertEquals(Device.cpu(), Devices.resolve("cpu"));
        assertEquals(Device.cpu(), Devices.resolve(""));
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve("tpu"));
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve("-1"));
        if (TorchRuntime.engine().getGpuCount() == 0) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.resolve("0"));
            assertTrue(e.getMessage().contains("refusing to fall back to the CPU"), e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> Devices.choose(DeviceChoice.parse("gpu:2")));
            assertTrue(e.getMessage().contains("GPU 2 was requested"), e.getMessage());
            assertEquals(Device.cpu(), Devices.choose(DeviceChoice.AUTO));
        }
    }

    @Test
    void anAssignedGpuIsUsedAsTheDeviceTypeAllows() {
        assertEquals(Device.cpu(), Devices.assigned("1", DeviceChoice.CPU));
        assertThrows(IllegalArgumentException.class, () -> Devices.assigned("x", DeviceChoice.AUTO));
        if (TorchRuntime.engine().getGpuCount() == 0) {
            assertEquals(Device.cpu(), Devices.assigned("1", DeviceChoice.AUTO), "auto falls back to the CPU without CUDA");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Devices.assigned("1", DeviceChoice.parse("gpu")));
            assertTrue(e.getMessage().contains("GPU 1 was requested"), e.getMessage());
        } else {
            assertEquals(Device.gpu(0), Devices.assigned("0", DeviceChoice.AUTO));
            assertEquals(Device.gpu(0), Devices.assigned("0", DeviceChoice.parse("gpu:3")),
                    "Spark's assignment wins over the index");
        }
    }
}
