package io.eaadam.common.safetensors;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.stream.JsonWriter;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON describing each tensor's dtype, shape and byte
 * range, then the little-endian, row-major tensor data. Genomes are written as F32; F32, F16 and BF16
 * files are read.
 */
public final class SafeTensors {

    /** The reference implementation's limit, which keeps a corrupt length from allocating gigabytes. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int LENGTH_PREFIX_BYTES = Long.BYTES;

    /** The reference writer pads the header with spaces so that the data starts 8-byte aligned. */
    private static final int HEADER_ALIGNMENT = 8;

    /** Floats per write call: large enough to amortise the call, small enough to stay in cache. */
    private static final int WRITE_CHUNK_FLOATS = 1 << 16;

    private SafeTensors() {}

    /**
     * Writes {@code genome} as F32 tensors in its layout order, with {@code metadata} (sorted by key,
     * so the bytes do not depend on the map's order) as {@code __metadata__} when not empty.
     * Does not close {@code out}.
     *
     * @throws IllegalArgumentException when a tensor is named {@code __metadata__} or metadata holds null
     */
    public static void write(Genome genome, Map<String, String> metadata, OutputStream out) throws IOException {
        byte[] json = headerJson(genome.layout(), metadata).getBytes(UTF_8);
        int padding = (HEADER_ALIGNMENT - json.length % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        ByteBuffer header = ByteBuffer.allocate(LENGTH_PREFIX_BYTES + json.length + padding)
                .order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(json.length + padding).put(json);
        while (header.hasRemaining()) {
            header.put((byte) ' ');
        }
        out.write(header.array());
        writeFloats(genome.values(), out);
    }

    /**
     * Reads a whole safetensors stream; {@code sourceName} (a path, say) names it in error messages.
     * Does not close {@code in}.
     *
     * @throws SafeTensorsFormatException when the bytes are not a valid safetensors file of F32, F16
     *     and BF16 tensors (integer {@code *num_batches_tracked} counters allowed)
     */
    public static SafeTensorsFile read(InputStream in, String sourceName) throws IOException {
        return read(in.readAllBytes(), sourceName);
    }

    /**
     * Reads a whole safetensors file from memory; see {@link #read(InputStream, String)}.
     *
     * @throws SafeTensorsFormatException when the bytes are not a valid safetensors file
     */
    public static SafeTensorsFile read(byte[] bytes, String sourceName) throws SafeTensorsFormatException {
        int headerLength = headerLength(bytes, bytes.length, sourceName);
        int dataStart = LENGTH_PREFIX_BYTES + headerLength;
        SafeTensorsHeader header = header(bytes, headerLength, bytes.length, sourceName);
        List<SafeTensor> tensors = new ArrayList<>();
        for (SafeTensorsHeader.Entry entry : header.entries()) {
            if (entry.dtype().isFloating()) {
                float[] values = entry.dtype().toFloats(bytes, dataStart + entry.begin(), entry.numel());
                tensors.add(new SafeTensor(entry.name(), entry.dtype().name(), entry.shape(), values));
            }
        }
        return new SafeTensorsFile(sourceName, header.metadata(), tensors);
    }

    /**
     * The names and shapes of the tensors that {@link #read} gives, from the header at the start of {@code in}
     * alone (the data is not read), checked against the file's length as {@link #read} checks them.
     *
     * @param fileLength the length of the whole file
     */
    public static Map<String, int[]> shapes(InputStream in, long fileLength, String sourceName) throws IOException {
        byte[] prefix = in.readNBytes(LENGTH_PREFIX_BYTES);
        int headerLength = headerLength(prefix, fileLength, sourceName);
        byte[] start = Arrays.copyOf(prefix, LENGTH_PREFIX_BYTES + headerLength);
        if (in.readNBytes(start, LENGTH_PREFIX_BYTES, headerLength) < headerLength) {
            throw new SafeTensorsFormatException(sourceName, "file ends inside its " + headerLength + "-byte header");
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (SafeTensorsHeader.Entry entry : header(start, headerLength, fileLength, sourceName).entries()) {
            if (entry.dtype().isFloating()) {
                shapes.put(entry.name(), entry.shape().clone());
            }
        }
        return shapes;
    }

    /** The header's length from the file's first bytes, checked against the limit and the file's length. */
    private static int headerLength(byte[] start, long fileLength, String sourceName)
            throws SafeTensorsFormatException {
        if (start.length < LENGTH_PREFIX_BYTES) {
            throw new SafeTensorsFormatException(sourceName, "file of " + fileLength
                    + " bytes is shorter than the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(start, 0, LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long available = fileLength - LENGTH_PREFIX_BYTES;
        // Unsigned in the file: a length with the top bit set reads as negative here.
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(sourceName, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > available) {
            throw new SafeTensorsFormatException(sourceName, "header length " + headerLength + " exceeds the "
                    + available + " bytes after the length");
        }
        return (int) headerLength;
    }

    /** The header held in {@code start} after the length, checked against a data buffer that ends the file. */
    private static SafeTensorsHeader header(byte[] start, int headerLength, long fileLength, String sourceName)
            throws SafeTensorsFormatException {
        long dataLength = fileLength - LENGTH_PREFIX_BYTES - headerLength;
        if (dataLength > Integer.MAX_VALUE) {
            throw new SafeTensorsFormatException(sourceName, "data of " + dataLength + " bytes exceeds the 2 GiB "
                    + "that one file may hold here");
        }
        return SafeTensorsHeader.parse(decodeUtf8(start, headerLength, sourceName), (int) dataLength, sourceName);
    }

    private static String headerJson(TensorLayout layout, Map<String, String> metadata) throws IOException {
        StringWriter text = new StringWriter();
        // A plain JsonWriter is compact and does not HTML-escape, like the reference serde_json output.
        JsonWriter json = new JsonWriter(text);
        json.beginObject();
        if (!metadata.isEmpty()) {
            json.name(SafeTensorsHeader.METADATA_KEY).beginObject();
            for (Map.Entry<String, String> entry : new TreeMap<>(metadata).entrySet()) {
                if (entry.getValue() == null) {
                    throw new IllegalArgumentException("metadata value of '" + entry.getKey() + "' is null");
                }
                json.name(entry.getKey()).value(entry.getValue());
            }
            json.endObject();
        }
        long offset = 0;
        for (TensorSpec spec : layout.specs()) {
            if (spec.name().equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + SafeTensorsHeader.METADATA_KEY);
            }
            long end = offset + (long) Float.BYTES * spec.numel();
            json.name(spec.name()).beginObject().name("dtype").value(SafeTensorsDtype.F32.name());
            json.name("shape").beginArray();
            for (int d : spec.shape()) {
                json.value(d);
            }
            json.endArray();
            json.name("data_offsets").beginArray().value(offset).value(end).endArray();
            json.endObject();
            offset = end;
        }
        json.endObject();
        return text.toString();
    }

    private static void writeFloats(float[] values, OutputStream out) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES * Math.min(values.length, WRITE_CHUNK_FLOATS))
                .order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = chunk.asFloatBuffer();
        for (int start = 0; start < values.length; start += WRITE_CHUNK_FLOATS) {
            int count = Math.min(WRITE_CHUNK_FLOATS, values.length - start);
            floats.clear();
            floats.put(values, start, count);
            out.write(chunk.array(), 0, Float.BYTES * count);
        }
    }

    /** Strict decoding: String's constructor would silently replace malformed bytes. */
    private static String decodeUtf8(byte[] bytes, int length, String sourceName) throws SafeTensorsFormatException {
        try {
            CharBuffer chars = UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, LENGTH_PREFIX_BYTES, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(sourceName, "header is not valid UTF-8");
        }
    }
}
