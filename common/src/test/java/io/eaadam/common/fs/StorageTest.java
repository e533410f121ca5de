package io.eaadam.common.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void listsImagesSortedByFullPathWithoutHiddenOrOtherFiles() throws IOException {
        for (String name : List.of("b.png", "a.JPG", "c.jpeg", "notes.txt", ".hidden.png", "._a.png", "z.png.tmp")) {
            Files.writeString(dir.resolve(name), "x");
        }
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/0.png"), "x");

        assertEquals(List.of("a.JPG", "b.png", "c.jpeg"), names(Storage.listImages(dir.toString(), false)));
        // Recursive: "sub/0.png" sorts after "c.jpeg" by its full path.
        assertEquals(List.of("a.JPG", "b.png", "c.jpeg", "0.png"), names(Storage.listImages(dir.toString(), true)));
        // The same folder as a file:// URI gives the same list.
        assertEquals(Storage.listImages(dir.toString(), true), Storage.listImages(dir.toUri().toString(), true));
    }

    @Test
    void listingAMissingFolderOrAFileNamesItAndSaysWhatWasExpected() throws IOException {
        String missing = dir.resolve("nope").toString();
        IOException noFolder = assertThrows(IOException.class, () -> Storage.listImages(missing, false));
        assertEquals(missing + ": no such folder; expected a folder of PNG or JPEG images", noFolder.getMessage());

        String file = Files.writeString(dir.resolve("a.png"), "x").toString();
        IOException notFolder = assertThrows(IOException.class, () -> Storage.listImages(file, false));
        assertEquals(file + ": is a file; expected a folder of PNG or JPEG images", notFolder.getMessage());
    }

    @Test
    void sharesOneFileSystemPerScheme() throws IOException {
        assertSame(Storage.fs(Storage.path(dir.toString())), Storage.fs(Storage.path(dir.toUri().toString())));
    }

    @Test
    void writesAtomicallyAndReadsBack() throws IOException {
        Path target = Storage.path(dir.resolve("out/result.bin").toString());
        Storage.writeAtomically(target, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Storage.readAll(target));

        Storage.writeAtomically(target, out -> out.write("replaced".getBytes(StandardCharsets.UTF_8)));
        assertEquals("replaced", new String(Storage.readAll(target), StandardCharsets.UTF_8));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void failureWhileWritingLeavesTargetUntouchedAndNoTemporary() throws IOException {
        Path target = Storage.path(dir.resolve("result.bin").toString());
        Storage.writeAtomically(target, out -> out.write(new byte[] {7, 7}));

        IOException failure = assertThrows(IOException.class, () -> Storage.writeAtomically(target, out -> {
            out.write(new byte[] {1, 2, 3, 4});
            throw new IOException("disk full");
        }));
        assertEquals("disk full", failure.getMessage());
        assertArrayEquals(new byte[] {7, 7}, Storage.readAll(target));
        assertEquals(List.of(), temporaries());

        // Unchecked failures clean up too.
        assertThrows(IllegalStateException.class, () -> Storage.writeAtomically(target, out -> {
            throw new IllegalStateException("bug");
        }));
        assertArrayEquals(new byte[] {7, 7}, Storage.readAll(target));
        assertEquals(List.of(), temporaries());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void replacesTheTargetWhereRenameDoesNotOverwrite(boolean throwsOnExistingTarget) throws IOException {
        // Like HDFS (rename returns false) or S3A (rename throws) when the target exists.
        FileSystem fs = new RawLocalFileSystem() {
            @Override
            public boolean rename(Path source, Path target) throws IOException {
                if (exists(target)) {
                    if (throwsOnExistingTarget) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    return false;
                }
                return super.rename(source, target);
            }
        };
        fs.initialize(URI.create("file:///"), new Configuration());
        Path target = Storage.path(dir.resolve("result.bin").toString());
        Storage.writeAtomically(fs, target, out -> out.write(new byte[] {1}));
        Storage.writeAtomically(fs, target, out -> out.write(new byte[] {2, 2}));
        assertArrayEquals(new byte[] {2, 2}, Storage.readAll(target));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aRenameThatFailsLeavesTheGoodFileInPlace() throws IOException {
        // Renames over an existing target fail, and so does the rename of any new content onto the target.
        FileSystem fs = new RawLocalFileSystem() {
            @Override
            public boolean rename(Path source, Path target) throws IOException {
                if (exists(target) || source.getName().contains(".tmp-") && target.getName().equals("good.bin")) {
                    return false;
                }
                return super.rename(source, target);
            }
        };
        fs.initialize(URI.create("file:///"), new Configuration());
        Files.write(dir.resolve("good.bin"), new byte[] {7});
        Path target = Storage.path(dir.resolve("good.bin").toString());
        IOException e = assertThrows(IOException.class,
                () -> Storage.writeAtomically(fs, target, out -> out.write(new byte[] {8, 8})));
        assertTrue(e.getMessage().endsWith(target + " is as it was"), e.getMessage());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(dir.resolve("good.bin")));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void writesNoChecksumSideFilesOnTheLocalDisk() throws IOException {
        // Hadoop's default local file system would leave .result.bin.crc; a stale one is ignored on reading.
        Files.writeString(dir.resolve(".result.bin.crc"), "stale");
        Path target = Storage.path(dir.resolve("result.bin").toString());
        Storage.writeAtomically(target, out -> out.write(new byte[] {4, 2}));
        assertArrayEquals(new byte[] {4, 2}, Storage.readAll(target));
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            assertEquals(List.of(".result.bin.crc", "result.bin"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * An object store in the manner of S3A: an object appears when its stream closes, an aborted stream leaves
     * nothing, and rename is a copy (refused here, so that using it fails the test).
     */
    @Test
    void writesInPlaceOnAnObjectStoreAndAbortsAFailedWrite() throws IOException {
        FileSystem store = new RawLocalFileSystem() {
            @Override
            public boolean hasPathCapability(Path path, String capability) throws IOException {
                return capability.equals(CommonPathCapabilities.ABORTABLE_STREAM)
                        || super.hasPathCapability(path, capability);
            }

            @Override
            public FSDataOutputStream create(Path path, boolean overwrite) throws IOException {
                java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
                return new FSDataOutputStream(pending, null) {
                    private boolean aborted;

                    @Override
                    public org.apache.hadoop.fs.Abortable.AbortableResult abort() {
                        aborted = true;
                        return null;
                    }

                    @Override
                    public void close() throws IOException {
                        if (!aborted) {
                            Files.write(java.nio.file.Path.of(path.toUri().getPath()), pending.toByteArray());
                        }
                    }
                };
            }

            @Override
            public boolean rename(Path source, Path target) {
                throw new AssertionError("rename on an object store copies the object");
            }
        };
        store.initialize(URI.create("file:///"), new Configuration());
        Path target = Storage.path(dir.resolve("result.bin").toString());
        Storage.writeAtomically(store, target, out -> out.write(new byte[] {1}));
        Storage.writeAtomically(store, target, out -> out.write(new byte[] {2, 2}));
        assertArrayEquals(new byte[] {2, 2}, Storage.readAll(target));

        assertThrows(IOException.class, () -> Storage.writeAtomically(store, target, out -> {
            out.write(new byte[] {3, 3, 3});
            throw new IOException("connection reset");
        }));
        assertArrayEquals(new byte[] {2, 2}, Storage.readAll(target));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void refusesToWriteOverAFolder() throws IOException {
        Files.createDirectories(dir.resolve("folder"));
        Path target = Storage.path(dir.resolve("folder").toString());
        IOException e = assertThrows(IOException.class, () -> Storage.writeAtomically(target, out -> out.write(1)));
        assertTrue(e.getMessage().startsWith(target + ": is a folder"), e.getMessage());
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(Path::getName).toList();
    }

    /** Files whose name shows they are temporaries of writeAtomically (Hadoop's .crc siblings included). */
    private List<String> temporaries() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.contains(".tmp-")).toList();
        }
    }
}
