package io.eaadam.common.safetensors;

import static io.eaadam.common.safetensors.SafeTensorsFormatException.quote;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON header of a safetensors file, parsed and checked against the data buffer it describes:
 * every entry has a supported dtype, a byte range that matches its shape, and the entries together
 * cover the buffer exactly, as the reference implementation requires.
 *
 * @param metadata the {@code __metadata__} strings in header order; empty when absent
 * @param entries the tensors in header order, including the skipped integer BatchNorm counters
 */
record SafeTensorsHeader(Map<String, String> metadata, List<SafeTensorsHeader.Entry> entries) {

    static final String METADATA_KEY = "__metadata__";

    /**
     * One checked tensor entry; {@code [begin, end)} is relative to the start of the data buffer.
     * The shape array is owned by the entry; it is package-private and never handed out.
     */
    record Entry(String name, SafeTensorsDtype dtype, int[] shape, int numel, int begin, int end) {}

    /**
     * Parses {@code json} (the header without its padding removed) for a data buffer of
     * {@code dataLength} bytes; {@code sourceName} goes into every error message.
     */
    static SafeTensorsHeader parse(String json, int dataLength, String sourceName) throws SafeTensorsFormatException {
        return new Parser(json, dataLength, sourceName).parse();
    }

    /** Holds the reader and the context that error messages need while one header is parsed. */
    private static final class Parser {

        /** What serde accepts for a Rust usize, sign aside: decimal digits, no fraction or exponent. */
        private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

        /** One more element than a Java array holds. */
        private static final long TOO_MANY_ELEMENTS = Integer.MAX_VALUE + 1L;

        private final String json;
        private final int dataLength;
        private final String sourceName;
        private final JsonReader reader;

        Parser(String json, int dataLength, String sourceName) {
            this.json = json;
            this.dataLength = dataLength;
            this.sourceName = sourceName;
            this.reader = new JsonReader(new StringReader(json));
            // The spec demands JSON; lenient Gson would accept comments, single quotes and bare words.
            reader.setStrictness(Strictness.STRICT);
        }

        SafeTensorsHeader parse() throws SafeTensorsFormatException {
            // The reference implementation insists on '{' as the first byte (no leading whitespace),
            // so that a safetensors header cannot also be read as some other format.
            if (!json.startsWith("{")) {
                throw error("header is not a JSON object (it must start with '{')");
            }
            try {
                SafeTensorsHeader header = readHeader();
                checkCoverage(header.entries());
                return header;
            } catch (SafeTensorsFormatException e) {
                throw e;
            } catch (IOException e) {
                throw error("header is not valid JSON: " + describe(e));
            }
        }

        private SafeTensorsHeader readHeader() throws IOException {
            Map<String, String> metadata = Map.of();
            List<Entry> entries = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String key = reader.nextName();
                if (!keys.add(key)) {
                    throw error("duplicate key " + quote(key) + " in header");
                }
                if (key.equals(METADATA_KEY)) {
                    metadata = readMetadata();
                } else {
                    entries.add(readEntry(key));
                }
            }
            reader.endObject();
            // Anything but the space padding after the object (a second value, stray bytes) fails here.
            reader.peek();
            return new SafeTensorsHeader(metadata, Collections.unmodifiableList(entries));
        }

        private Map<String, String> readMetadata() throws IOException {
            // The reference implementation types it as an optional map, so an explicit null means none.
            if (reader.peek() == JsonToken.NULL) {
                reader.nextNull();
                return Map.of();
            }
            expect(JsonToken.BEGIN_OBJECT, METADATA_KEY + " must be a JSON object of strings");
            Map<String, String> metadata = new LinkedHashMap<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String key = reader.nextName();
                expect(JsonToken.STRING, METADATA_KEY + " value of " + quote(key) + " must be a string");
                if (metadata.put(key, reader.nextString()) != null) {
                    throw error("duplicate key " + quote(key) + " in " + METADATA_KEY);
                }
            }
            reader.endObject();
            return Collections.unmodifiableMap(metadata);
        }

        private Entry readEntry(String name) throws IOException {
            if (name.isEmpty()) {
                throw error("header has a tensor with an empty name");
            }
            expect(JsonToken.BEGIN_OBJECT, tensor(name) + " must be a JSON object");
            String dtype = null;
            long[] shape = null;
            long[] offsets = null;
            Set<String> fields = new HashSet<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String field = reader.nextName();
                if (!fields.add(field)) {
                    throw error(tensor(name) + " has a duplicate field " + quote(field));
                }
                switch (field) {
                    case "dtype" -> {
                        expect(JsonToken.STRING, tensor(name) + " has a dtype that is not a string");
                        dtype = reader.nextString();
                    }
                    case "shape" -> shape = readNaturals(name, "shape", "dimension");
                    case "data_offsets" -> offsets = readNaturals(name, "data_offsets", "offset");
                    // Like the reference implementation, tolerate fields that later versions may add.
                    default -> reader.skipValue();
                }
            }
            reader.endObject();
            if (dtype == null || shape == null || offsets == null) {
                String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
                throw error(tensor(name) + " has no " + missing);
            }
            if (offsets.length != 2) {
                throw error(tensor(name) + " has data_offsets " + Arrays.toString(offsets)
                        + " instead of [begin, end]");
            }
            return check(name, dtype, shape, offsets[0], offsets[1]);
        }

        /** Reads an array of non-negative integers (Rust usize values) of one tensor's field. */
        private long[] readNaturals(String name, String field, String what) throws IOException {
            String wrongType = tensor(name) + " has a " + field + " that is not an array of integers";
            expect(JsonToken.BEGIN_ARRAY, wrongType);
            List<Long> values = new ArrayList<>();
            reader.beginArray();
            while (reader.hasNext()) {
                expect(JsonToken.NUMBER, wrongType);
                // The literal, not nextLong(): Gson would accept 2.0 and 1e3 and round large values.
                String literal = reader.nextString();
                if (!INTEGER.matcher(literal).matches()) {
                    throw error(wrongType + ": " + quote(literal));
                }
                long value;
                try {
                    value = Long.parseLong(literal);
                } catch (NumberFormatException e) {
                    throw error(tensor(name) + " has a " + what + " too large for this reader: " + quote(literal));
                }
                if (value < 0) {
                    throw error(tensor(name) + " has a negative " + what + " " + quote(literal) + " in its " + field);
                }
                values.add(value);
            }
            reader.endArray();
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        /** Checks one entry on its own: dtype, shape, and a byte range inside the buffer that fits both. */
        private Entry check(String name, String dtypeName, long[] shape, long begin, long end)
                throws SafeTensorsFormatException {
            SafeTensorsDtype dtype = SafeTensorsDtype.byName(dtypeName)
                    .filter(d -> d.isFloating() || SafeTensorsFile.isIgnored(name))
                    .orElseThrow(() -> error(tensor(name) + " has unsupported dtype " + quote(dtypeName)
                            + " (supported: F32, F16, BF16; I64 and I32 only for *num_batches_tracked and SwinIR's *relative_position_index)"));
            String range = "data_offsets [" + begin + ", " + end + "]";
            if (begin > end) {
                throw error(tensor(name) + " has " + range + " whose begin is after its end");
            }
            if (end > dataLength) {
                throw error(tensor(name) + " has " + range + " beyond the data buffer of " + dataLength + " bytes");
            }
            // The buffer is under 2^31 bytes, so a valid entry has fewer than 2^31 elements; capping the
            // running product keeps it exact below that bound and free of long overflow above it.
            long numel = 1;
            for (long d : shape) {
                if (d > Integer.MAX_VALUE) {
                    throw error(tensor(name) + " has a dimension too large for this reader: " + d);
                }
                numel = Math.min(numel * d, TOO_MANY_ELEMENTS);
            }
            if (numel == TOO_MANY_ELEMENTS) {
                throw error(tensor(name) + " has shape " + Arrays.toString(shape) + " with 2^31 elements or more");
            }
            long needed = numel * dtype.byteSize();
            if (needed != end - begin) {
                throw error(tensor(name) + " of dtype " + dtype + " and shape " + Arrays.toString(shape) + " needs "
                        + needed + " bytes but its " + range + " span " + (end - begin));
            }
            int[] intShape = Arrays.stream(shape).mapToInt(d -> (int) d).toArray();
            return new Entry(name, dtype, intShape, (int) numel, (int) begin, (int) end);
        }

        /** The reference implementation's rule: sorted by offsets, the tensors tile the buffer exactly. */
        private void checkCoverage(List<Entry> entries) throws SafeTensorsFormatException {
            List<Entry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingInt(Entry::begin).thenComparingInt(Entry::end));
            int covered = 0;
            Entry previous = null;
            for (Entry entry : byOffset) {
                if (entry.begin() < covered) {
                    throw error("tensors " + quote(previous.name()) + " and " + quote(entry.name())
                            + " overlap: data_offsets [" + previous.begin() + ", " + previous.end() + "] and ["
                            + entry.begin() + ", " + entry.end() + "]");
                }
                if (entry.begin() > covered) {
                    throw error("bytes [" + covered + ", " + entry.begin() + ") of the data buffer, before "
                            + tensor(entry.name()) + ", belong to no tensor");
                }
                covered = entry.end();
                previous = entry;
            }
            if (covered != dataLength) {
                throw error("the last " + (dataLength - covered) + " bytes of the data buffer (from offset "
                        + covered + ") belong to no tensor");
            }
        }

        private void expect(JsonToken token, String problem) throws IOException {
            if (reader.peek() != token) {
                throw error(problem);
            }
        }

        private static String tensor(String name) {
            return "tensor " + quote(name);
        }

        private SafeTensorsFormatException error(String problem) {
            return new SafeTensorsFormatException(sourceName, problem);
        }

        /**
         * Gson's message without the troubleshooting link it appends on a second line, and without its
         * advice to a programmer to relax the parser, which would only confuse whoever reads the error.
         */
        private static String describe(IOException e) {
            String message = e.getMessage();
            if (message == null) {
                return e.getClass().getSimpleName();
            }
            int newline = message.indexOf('\n');
            String firstLine = newline < 0 ? message : message.substring(0, newline);
            return firstLine.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                    "syntax error");
        }
    }
}
