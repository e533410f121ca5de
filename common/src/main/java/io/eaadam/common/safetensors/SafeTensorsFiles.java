package io.eaadam.common.safetensors;

import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Safetensors files on any Hadoop file system; writes are atomic (temporary file, then rename). */
public final class SafeTensorsFiles {

    private static final String NO_SUCH_FILE = "no such file; expected a .safetensors weights file";

    private SafeTensorsFiles() {}

    public static SafeTensorsFile read(String uri) throws IOException {
        return read(uri, "");
    }

    /**
     * @param sha256 the checksum the file must have (a model card's or a manifest's); "" for unchecked
     * @throws IOException naming the file, when it is missing, corrupted or not safetensors
     */
    public static SafeTensorsFile read(String uri, String sha256) throws IOException {
        Path path = Storage.path(uri);
        byte[] bytes;
        try {
            bytes = Storage.readAll(path);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(uri + ": " + NO_SUCH_FILE);
        }
        if (!sha256.isEmpty()) {
            String actual = Storage.sha256(bytes);
            if (!actual.equals(sha256)) {
                throw new BadInputException(uri + ": corrupted or replaced (sha256 " + actual + ", expected " + sha256 + ")");
            }
        }
        return SafeTensors.read(bytes, uri);
    }

    /**
     * The tensors' names and shapes, from the file's header alone: what the architecture of bare weights is read
     * from, without reading their data.
     *
     * @throws IOException naming the file, when it is missing or its header is not safetensors
     */
    public static Map<String, int[]> shapes(String uri) throws IOException {
        Path path = Storage.path(uri);
        FileSystem fs = Storage.fs(path);
        long length;
        try {
            length = fs.getFileStatus(path).getLen();
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(uri + ": " + NO_SUCH_FILE);
        }
        try (InputStream in = fs.open(path)) {
            return SafeTensors.shapes(in, length, uri);
        }
    }

    public static void write(String uri, Genome genome, Map<String, String> metadata) throws IOException {
        Storage.writeAtomically(Storage.path(uri), out -> SafeTensors.write(genome, metadata, out));
    }
}
