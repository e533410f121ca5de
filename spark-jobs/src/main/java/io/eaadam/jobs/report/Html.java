package io.eaadam.jobs.report;

import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** HTML pieces of the run report: escaping, tables, numbers and images inlined as data: URIs. */
final class Html {

    private Html() {}

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A table; cells are HTML already (escape text with {@link #escape}). */
    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder html = new StringBuilder("<table><thead><tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(cell).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** A number for a table: 4 significant digits, a dash for a missing value. */
    static String number(Double value) {
        return value == null || value.isNaN() ? "&ndash;" : String.format(Locale.ROOT, "%.4g", value);
    }

    /** An 8-bit PNG of {@code rgb} as a data: URI. */
    static String png(Image rgb) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageCodec.encodePng(rgb, null, 8, bytes);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
