package io.eaadam.common.fs;

import io.eaadam.common.image.ImageCodec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Every file access of the system goes through the Hadoop FileSystem API, so one path syntax covers
 * local disks ({@code file:///data} or a plain {@code /data}, which Hadoop resolves against its
 * default file system), HDFS ({@code hdfs://...}) and object stores ({@code s3a://...}). How a written
 * file becomes visible on each is decided here, in {@link #writeAtomically} (docs/storage.md).
 */
public final class Storage {

    /** Created on first use and shared: a Configuration parses its XML resources once. */
    private static final class Shared {
        static final Configuration CONFIGURATION = new Configuration();
    }

    private Storage() {
    }

    /** The Hadoop path for {@code uri}: a URI with a scheme, or a plain path on the default file system. */
    public static Path path(String uri) {
        return new Path(uri);
    }

    /**
     * {@code root} joined with {@code relative} segment by segment ({@code a/b/c.png}), each segment taken as a
     * name, never as a URI: a segment such as {@code file:} or {@code a:b} stays a folder name. The result is
     * refused unless it lies below {@code root}, on the same scheme and authority.
     *
     * @throws IllegalArgumentException naming the path, for an absolute path, an empty segment, {@code .} or
     *     {@code ..}
     */
    public static Path child(Path root, String relative) {
        if (relative.isEmpty() || relative.startsWith("/")) {
            throw new IllegalArgumentException("'" + relative + "': expected a path relative to " + root);
        }
        Path joined = root;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("'" + relative + "': a path below " + root
                        + " has no empty, '.' or '..' segments");
            }
            // Path(scheme, authority, path) prefixes "./" to a relative path, so "a:b" is not scheme "a".
            joined = new Path(joined, new Path(null, null, segment));
        }
        String rootPath = root.toUri().getPath().replaceFirst("/+$", "");
        boolean below = java.util.Objects.equals(joined.toUri().getScheme(), root.toUri().getScheme())
                && java.util.Objects.equals(joined.toUri().getAuthority(), root.toUri().getAuthority())
                && joined.toUri().getPath().startsWith(rootPath + "/");
        if (!below) {
            throw new IllegalArgumentException("'" + relative + "' leads to " + joined + ", outside " + root);
        }
        return joined;
    }

    /** {@code path} with its file system's scheme and authority, and absolute (a relative path is the working folder's). */
    public static Path qualified(Path path) throws IOException {
        return fs(path).makeQualified(path);
    }

    /**
     * The (cached, shared) file system that holds {@code path}. On the local disk, Hadoop's raw one: its
     * checksummed wrapper puts a hidden {@code .crc} beside every file (users of an image archive do not
     * expect them) and renames the pair in two steps; stored weights carry their sha256 instead.
     */
    public static FileSystem fs(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(Shared.CONFIGURATION);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /**
     * The PNG and JPEG files in {@code dir} (by name, see {@link ImageCodec#isSupportedName}), sorted by
     * their full path string so that every executor sees the same order. Hidden files (name starting
     * with ".") are left out: they are checksums, temporaries of {@link #writeAtomically} or macOS
     * resource forks such as {@code ._0001.png}, never images.
     *
     * @param recursive whether to include the files of sub-folders, at any depth
     * @throws IOException when {@code dir} does not exist or is a file, naming it
     */
    public static List<Path> listImages(String dir, boolean recursive) throws IOException {
        Path folder = path(dir);
        FileSystem fs = fs(folder);
        FileStatus status;
        try {
            status = fs.getFileStatus(folder);
        } catch (FileNotFoundException e) {
            throw new BadInputException(dir + ": no such folder; expected a folder of PNG or JPEG images", e);
        }
        if (!status.isDirectory()) {
            throw new BadInputException(dir + ": is a file; expected a folder of PNG or JPEG images");
        }
        List<Path> images = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, recursive);
        while (files.hasNext()) {
            Path file = files.next().getPath();
            String name = file.getName();
            if (!name.startsWith(".") && ImageCodec.isSupportedName(name)) {
                images.add(file);
            }
        }
        images.sort(Comparator.comparing(Path::toString));
        return images;
    }

    /** The whole content of {@code file}. */
    public static byte[] readAll(Path file) throws IOException {
        try (FSDataInputStream in = fs(file).open(file)) {
            return in.readAllBytes();
        } catch (org.apache.hadoop.fs.ChecksumException e) {
            // Hadoop's own checksum (.crc beside the file) caught the damage before ours could.
            throw new BadInputException(file + ": corrupted (it no longer matches its Hadoop checksum at byte "
                    + e.getPos() + ")", e);
        }
    }

    /**
     * The whole content of {@code file}, refused without reading it when it is larger than {@code maxBytes}
     * (and when it grows past them while being read).
     *
     * @param setting the name of the limit, for the message
     */
    public static byte[] readAll(Path file, long maxBytes, String setting) throws IOException {
        long length = fs(file).getFileStatus(file).getLen();
        if (length > maxBytes) {
            throw new FileTooLargeException(file.toString(), length + " bytes, more than " + setting + " = "
                    + maxBytes);
        }
        try (FSDataInputStream in = fs(file).open(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(file.toString(), "grew past " + setting + " = " + maxBytes
                        + " bytes while being read");
            }
            return bytes;
        } catch (org.apache.hadoop.fs.ChecksumException e) {
            throw new BadInputException(file + ": corrupted (it no longer matches its Hadoop checksum at byte "
                    + e.getPos() + ")", e);
        }
    }

    /**
     * Writes {@code target} so that a reader never sees a partial file, and a failed write leaves the old one:
     * <ul>
     *   <li>object stores whose streams can be aborted (S3A): written in place, since the object appears only
     *       when its stream closes (and their rename is a copy); a failed write aborts the stream;</li>
     *   <li>elsewhere {@code writer} fills a hidden temporary sibling ({@code .<name>.tmp-<random>}) that then
     *       replaces the target ({@link #replace}): in one atomic step on the local disk and on HDFS.</li>
     * </ul>
     *
     * @param writer writes the content; it need not close the stream
     * @throws IOException when {@code target} is a folder, or writing or renaming fails
     */
    public static void writeAtomically(Path target, IOConsumer<OutputStream> writer) throws IOException {
        writeAtomically(fs(target), target, writer);
    }

    /** {@link #writeAtomically(Path, IOConsumer)} on {@code fs}; tests pass one whose rename does not overwrite. */
    static void writeAtomically(FileSystem fs, Path target, IOConsumer<OutputStream> writer) throws IOException {
        if (isFolder(fs, target)) {
            throw new IOException(target + ": is a folder; expected a file path to write");
        }
        if (fs.hasPathCapability(target, CommonPathCapabilities.ABORTABLE_STREAM)) {
            writeInPlace(fs, target, writer);
            return;
        }
        // Random rather than seeded: two attempts of one Spark task may write the same target at once.
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(temporary, false)) {
                writer.accept(out);
            }
            replace(fs, temporary, target);
        } catch (Throwable e) {
            deleteAfterFailure(fs, temporary, e);
            throw e;
        }
    }

    private static void writeInPlace(FileSystem fs, Path target, IOConsumer<OutputStream> writer) throws IOException {
        FSDataOutputStream out = fs.create(target, true);
        try {
            writer.accept(out);
        } catch (Throwable e) {
            try {
                out.abort();
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
        out.close();
    }

    private static boolean isFolder(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    /**
     * Renames {@code source} to {@code target}, replacing it: atomically on the local disk (POSIX rename) and
     * on HDFS (rename with OVERWRITE). Where the file system's rename does not overwrite, the old target is
     * first moved aside (a hidden {@code .<name>.old-<random>}) and put back when the rename fails, so a
     * failure never loses the good file; for a moment a reader may find no target.
     */
    public static void replace(Path source, Path target) throws IOException {
        replace(fs(target), source, target);
    }

    private static void replace(FileSystem fs, Path source, Path target) throws IOException {
        if (fs instanceof DistributedFileSystem hdfs) {
            hdfs.rename(source, target, Options.Rename.OVERWRITE);
            return;
        }
        if (renamed(fs, source, target)) {
            return;
        }
        Path aside = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
        if (!renamed(fs, target, aside)) {
            throw new IOException("could not replace " + target + " with " + source + " (moving it aside failed)");
        }
        if (!renamed(fs, source, target)) {
            boolean restored = renamed(fs, aside, target);
            throw new IOException("could not rename " + source + " to " + target + "; "
                    + (restored ? target + " is as it was" : "the old file is " + aside));
        }
        fs.delete(aside, false);
    }

    /** Hadoop file systems report a refused rename either by returning false or by throwing. */
    private static boolean renamed(FileSystem fs, Path source, Path target) throws IOException {
        try {
            return fs.rename(source, target);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static void deleteAfterFailure(FileSystem fs, Path temporary, Throwable failure) {
        try {
            fs.delete(temporary, false);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The sha256 of {@code bytes}, as lower-case hex: how manifests and model cards name a file's content. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    /** A fresh SHA-256 digest, for content fed in pieces. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
