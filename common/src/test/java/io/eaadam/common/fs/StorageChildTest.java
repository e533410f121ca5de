package io.eaadam.common.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Input paths mirrored under an output root stay under it, whatever their segments look like. */
class StorageChildTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "file:/out          | file:/tmp/x/y.png           | file:/out/file:/tmp/x/y.png",
        "file:/out          | a:b/c.png                   | file:/out/a:b/c.png",
        "hdfs://nn:8020/out | hdfs:/x.png                 | hdfs://nn:8020/out/hdfs:/x.png",
        "s3a://bucket/out   | key:with:colons/über 1.png  | s3a://bucket/out/key:with:colons/über 1.png",
        "file:/out          | 100% #1?.png                | file:/out/100% #1?.png",
    })
    void segmentsStayNamesBelowTheRoot(String root, String relative, String expected) {
        Path child = Storage.child(Storage.path(root), relative);
        assertEquals(expected, child.toString());
        // The string form parses back to the same place, as it does when it travels to a Spark task.
        assertEquals(child, Storage.path(child.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.png", "a/../../x.png", "a/./b.png", "/etc/passwd", "a//b.png", "", "a/"})
    void pathsThatLeaveTheRootOrHaveEmptySegmentsAreRefused(String relative) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Storage.child(Storage.path("file:/out"), relative));
        assertTrue(e.getMessage().contains("'" + relative + "'"), e.getMessage());
    }
}
