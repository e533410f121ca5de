package io.eaadam.worker.runtime;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps libtorch 2.7.1's CPU convolutions correct on AMD CPUs with AVX-512, where its oneDNN kernels
 * return wrong values and NaN gradients (measured on an AMD EPYC with AVX-512 against float64, see
 * docs/performance.md):
 * <ul>
 *   <li>with AVX2/AVX-512, for common shapes, MSRResNet's 64-to-3 conv_last gradient among them;</li>
 *   <li>limited to AVX, only when a conv has more than 8 input channels and not a multiple of 8.</li>
 * </ul>
 * So there oneDNN is limited to AVX (it reads {@code ONEDNN_MAX_CPU_ISA} once, at its first kernel, so the
 * variable is set in the process environment before libtorch loads), and {@link #padInputChannels}
 * tells the conv op to zero-pad such channel counts to a multiple of 8, which changes no result. All our
 * full-size networks have 3 or a multiple of 8 input channels and are never padded. A value of
 * {@code ONEDNN_MAX_CPU_ISA} the user set wins. An AMD EPYC without AVX-512 computes every shape
 * correctly at every level ({@code tools/cpu-kernels/check.sh}) and keeps oneDNN's AVX2 kernels, whose
 * backward convolutions are direct where AVX's fall back to im2col and GEMM (2.3x slower).
 */
public final class CpuKernels {

    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String SAFE_ISA = "AVX";
    /** oneDNN's channel block with AVX: counts above it must be multiples of it. */
    static final int AVX_CHANNEL_BLOCK = 8;

    private static final Logger logger = LoggerFactory.getLogger(CpuKernels.class);

    private static volatile int channelBlock = 1;

    private CpuKernels() {}

    /** Applies the limit where it is needed; called once, before the engine loads. */
    static void configure() {
        if (!Platform.isLinux() || !Platform.isIntel() || !isAmdWithAvx512()) {
            return;
        }
        String current = System.getenv(ISA_VARIABLE);
        if (current != null) {
            logger.info("{}={} set by the user; libtorch's oneDNN convolutions may be wrong on this AMD CPU "
                    + "with AVX-512 beyond AVX (see docs/performance.md)", ISA_VARIABLE, current);
            return;
        }
        NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
        libc.getFunction("setenv").invokeInt(new Object[] {ISA_VARIABLE, SAFE_ISA, 0});
        channelBlock = AVX_CHANNEL_BLOCK;
        // A note about this machine, the same on every start: the log file has it, the terminal need not.
        logger.debug("AMD CPU with AVX-512: oneDNN limited to {} and odd input-channel counts padded to a "
                + "multiple of {}, since its other convolution kernels return wrong results there", SAFE_ISA, channelBlock);
    }

    /**
     * Turns off libtorch's NNPACK path (call after the engine loaded). Where NNPACK cannot start
     * ("Unsupported hardware" on virtual CPUs) libtorch logs a warning on every small convolution;
     * PyTorch only takes that path when oneDNN declines a convolution, so nothing is lost elsewhere.
     */
    static void disableNnpack(String libtorchDirectory) {
        if (!Platform.isLinux()) {
            return;
        }
        try {
            NativeLibrary torch = NativeLibrary.getInstance(Path.of(libtorchDirectory, "libtorch_cpu.so").toString());
            Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, false});
        } catch (UnsatisfiedLinkError e) {
            logger.debug("could not turn NNPACK off: {}", e.getMessage());
        }
    }

    /**
     * The input-channel count a CPU convolution must be given: {@code channels} itself, or the next
     * multiple of the kernel's channel block when oneDNN would compute it wrong.
     */
    public static int padInputChannels(int channels) {
        int block = channelBlock;
        if (channels <= block || channels % block == 0) {
            return channels;
        }
        return (channels / block + 1) * block;
    }

    private static boolean isAmdWithAvx512() {
        try {
            String cpu = Files.readString(Path.of("/proc/cpuinfo"));
            return cpu.contains("AuthenticAMD") && cpu.contains(" avx512f");
        } catch (IOException e) {
            return false;
        }
    }
}
