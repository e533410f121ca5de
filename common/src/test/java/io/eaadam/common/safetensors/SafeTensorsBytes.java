package io.eaadam.common.safetensors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-built safetensors bytes for tests, so that reading is not only checked against our writer. */
final class SafeTensorsBytes {

    static final String SOURCE = "test.safetensors";

    private SafeTensorsBytes() {}

    /** A file of the given header JSON, unpadded, and data buffer. */
    static byte[] file(String headerJson, byte[] data) {
        byte[] json = headerJson.getBytes(UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    /** Little-endian 16-bit words, given as ints so that hex literals need no casts. */
    static byte[] shorts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putShort((short) v);
        }
        return buffer.array();
    }

    static byte[] longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    /** Asserts that reading fails with a one-line message naming the source and containing {@code problem}. */
    static SafeTensorsFormatException assertRejected(byte[] bytes, String problem) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(bytes, SOURCE));
        assertMessage(e, problem);
        return e;
    }

    static void assertMessage(SafeTensorsFormatException e, String problem) {
        String message = e.getMessage();
        assertTrue(message.startsWith(SOURCE + ": "), () -> "message does not name the source: " + message);
        assertTrue(message.contains(problem), () -> "message lacks '" + problem + "': " + message);
        assertFalse(message.contains("\n"), () -> "message is not one line: " + message);
    }
}
