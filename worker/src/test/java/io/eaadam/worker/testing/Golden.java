package io.eaadam.worker.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.safetensors.SafeTensor;
import io.eaadam.common.safetensors.SafeTensors;
import io.eaadam.common.safetensors.SafeTensorsFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the files that tools/reference/make_golden.py wrote with PyTorch (weights with BasicSR and
 * torchvision names, inputs and expected outputs), from the test resources.
 */
public final class Golden {

    private final SafeTensorsFile file;

    private Golden(SafeTensorsFile file) {
        this.file = file;
    }

    public static Golden load(String name) {
        String resource = "/golden/" + name + ".safetensors";
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new Golden(SafeTensors.read(in, resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file the test wrote itself. */
    public static Golden read(java.nio.file.Path path) throws IOException {
        return new Golden(SafeTensors.read(java.nio.file.Files.readAllBytes(path), path.toString()));
    }

    public SafeTensorsFile file() {
        return file;
    }

    public Genome genome(TensorLayout layout) {
        try {
            return file.toGenome(layout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tensors whose names start with {@code prefix}, with the prefix removed, laid out as {@code layout}. */
    public Genome genome(String prefix, TensorLayout layout) {
        Genome result = Genome.zeros(layout);
        for (var spec : layout.specs()) {
            result.setTensor(spec.name(), tensor(prefix + spec.name()).values());
        }
        return result;
    }

    public SafeTensor tensor(String name) {
        return file.tensors().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor " + name + " in " + file.sourceName()));
    }

    public NDArray array(NDManager manager, String name) {
        SafeTensor t = tensor(name);
        long[] shape = new long[t.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.shape()[i];
        }
        return manager.create(t.values(), new Shape(shape));
    }

    public String metadata(String key) {
        return file.metadata().get(key);
    }
}
