package io.eaadam.common.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.OutputFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Inputs from folders, files and globs keep their relative paths; tasks get similar bytes, not counts. */
class UpscaleInputsTest {

    @TempDir
    Path dir;

    @Test
    void foldersFilesAndGlobsKeepRelativePaths() throws IOException {
        touch("a/x/1.png", 10);
        touch("a/2.JPG", 20);
        touch("b/3.jpeg", 30);
        touch("b/c/4.png", 40);
        touch("b/notes.txt", 1);
        String out = dir.resolve("out").toString();
        UpscaleInputs inputs = UpscaleInputs.list(List.of(dir.resolve("a").toString(), dir + "/b/*.jpeg"), out, OutputFormat.PNG);
        List<String> targets = inputs.items().stream().map(i -> i.target().substring(i.target().indexOf("/out/") + 5)).toList();
        assertEquals(List.of("2.png", "x/1.png", "3.png"), targets);
        assertEquals(List.of(20L, 10L, 30L), inputs.items().stream().map(UpscaleItem::bytes).toList());
        assertEquals(List.of("4.jpg"), UpscaleInputs.list(List.of(dir + "/b/c"), out, OutputFormat.JPEG).items().stream()
                .map(i -> Path.of(i.target()).getFileName().toString()).toList());
        IOException missing = assertThrows(IOException.class, () -> UpscaleInputs.list(List.of(dir + "/nothing*"), out, OutputFormat.PNG));
        assertTrue(missing.getMessage().contains("nothing*: no such file or folder"), missing.getMessage());
    }

    @Test
    void namesThatLookLikeUrisStayBelowTheOutputAndTheOutputIsNeverAnInput() throws IOException {
        touch("in/file:/tmp/x/y.png", 10);
        touch("in/a:b/c.png", 10);
        touch("in/über 100%.png", 10);
        touch("in/sr/old.png", 10); // the output of an earlier run, inside the input folder
        String out = dir.resolve("in/sr").toString();
        UpscaleInputs inputs = UpscaleInputs.list(List.of(dir.resolve("in").toString()), out, OutputFormat.PNG);
        String root = "file:" + dir.resolve("in/sr") + "/";
        assertEquals(List.of(root + "a:b/c.png", root + "file:/tmp/x/y.png", root + "über 100%.png"),
                inputs.items().stream().map(UpscaleItem::target).sorted().toList());
        assertEquals(List.of(), inputs.refused());
    }

    @Test
    void relativeArgumentsAreQualified() throws IOException {
        String relative = Path.of("").toAbsolutePath().relativize(dir).toString();
        touch("rel/1.png", 10);
        UpscaleInputs inputs = UpscaleInputs.list(List.of(relative + "/rel"), relative + "/out", OutputFormat.PNG);
        assertEquals("file:" + dir.resolve("out/1.png"), inputs.items().get(0).target());
        assertEquals("file:" + dir.resolve("rel/1.png"), inputs.items().get(0).source());
    }

    @Test
    void groupsBalanceBytes() {
        List<UpscaleItem> items = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            // Mostly small files and a few very large ones, as in real archives.
            items.add(new UpscaleItem("in/" + i, "out/" + i, i % 40 == 0 ? 5_000_000 : 10_000 + random.nextInt(90_000)));
        }
        List<ArrayList<UpscaleItem>> groups = UpscaleInputs.balance(items, 8);
        assertEquals(8, groups.size());
        assertEquals(200, groups.stream().mapToInt(List::size).sum());
        // The five 5 MB files each fill a group (nothing else fits beside them); the small files share the rest
        // evenly, to within one small file.
        List<Long> loads = groups.stream().map(g -> g.stream().mapToLong(UpscaleItem::bytes).sum()).sorted().toList();
        assertEquals(5_000_000L, loads.get(7), loads.toString());
        assertEquals(5_000_000L, loads.get(3), loads.toString());
        assertTrue(loads.get(2) - loads.get(0) <= 100_000, loads.toString());
        assertEquals(3, UpscaleInputs.balance(items.subList(0, 3), 8).size(), "never more groups than inputs");
    }

    @Test
    void commasInsideGlobBracesBelongToTheGlob() {
        assertEquals(List.of("hdfs:///a/{x,y}/*.png", "/b"), UpscaleInputs.split("hdfs:///a/{x,y}/*.png,/b,"));
    }

    private void touch(String relative, int bytes) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
