package io.eaadam.common.safetensors;

import io.eaadam.common.fs.BadInputException;

/**
 * A safetensors file that is malformed, uses an unsupported dtype, or does not fit the layout it is
 * loaded into. The message is one line: the source name, a colon, and what was wrong.
 */
public final class SafeTensorsFormatException extends BadInputException {

    private static final long serialVersionUID = 1L;

    /** Longest file-supplied string that {@link #quote} puts into a message in full. */
    private static final int MAX_QUOTED_CHARS = 120;

    private final String sourceName;

    /**
     * @param sourceName the file or stream the bytes came from, as given to the reader
     * @param problem what is wrong, as a sentence fragment without the source name; control
     *     characters (say, a newline inside a tensor name) are escaped to keep the message one line
     */
    public SafeTensorsFormatException(String sourceName, String problem) {
        super(escapeControlCharacters(sourceName + ": " + problem));
        this.sourceName = sourceName;
    }

    /** The file or stream the bytes came from. */
    public String sourceName() {
        return sourceName;
    }

    /**
     * A string taken from a file (a tensor name, a dtype, a number) in single quotes, shortened when
     * long, since a corrupt header can hold names of megabytes.
     */
    static String quote(String fromFile) {
        return fromFile.length() <= MAX_QUOTED_CHARS
                ? "'" + fromFile + "'"
                : "'" + fromFile.substring(0, MAX_QUOTED_CHARS) + "...' (" + fromFile.length() + " chars)";
    }

    private static String escapeControlCharacters(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
