package io.eaadam.common.fs;

import io.eaadam.common.json.Json;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One writer per folder (a run, a fusion, an upscale output): {@code <folder>/.eaadam.lock}, created
 * atomically (exclusive create on the local disk, HDFS's create without overwrite elsewhere), names its
 * holder and is rewritten every {@link #HEARTBEAT} while held. A second writer is refused with the holder's
 * name and, when the heartbeat has stopped for {@link #STALE} (the holder was killed), how to break the lock.
 * Object stores (s3a, gs) have no exclusive create; there the lock is best effort.
 */
public final class FolderLock implements AutoCloseable {

    public static final String FILE = ".eaadam.lock";
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    static final Duration STALE = Duration.ofMinutes(3);

    private static final Logger logger = LoggerFactory.getLogger(FolderLock.class);

    /** The lock file's content: who holds it, since when, and when it last said so. */
    record Holder(String format, String id, String host, String process, String command, String started,
            String heartbeat) {
        static final String FORMAT = "eaadam-lock/1";

        Holder beating() {
            return new Holder(format, id, host, process, command, started, Instant.now().toString());
        }

        String describe() {
            return command + " (process " + process + " on " + host + ", since " + started + ")";
        }
    }

    private final Path file;
    private final FileSystem fs;
    private volatile Holder holder;
    private final ScheduledExecutorService heartbeat;

    private FolderLock(Path file, FileSystem fs, Holder holder) {
        this.file = file;
        this.fs = fs;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "eaadam-lock-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Locks {@code folder} (created if missing) for {@code command}.
     *
     * @throws IOException naming the holder when another process holds it
     */
    public static FolderLock acquire(String folder, String command) throws IOException {
        Path dir = Storage.qualified(Storage.path(folder));
        FileSystem fs = Storage.fs(dir);
        fs.mkdirs(dir);
        Path file = new Path(dir, FILE);
        String now = Instant.now().toString();
        Holder holder = new Holder(Holder.FORMAT, UUID.randomUUID().toString(), host(),
                ManagementFactory.getRuntimeMXBean().getName(), command, now, now);
        if (!create(fs, file, holder)) {
            Holder other = holder(fs, file);
            if (other != null && gone(other)) {
                // Killed on this machine (kill -9, a halted JVM): its lock can be taken at once.
                logger.warn("{}: taking the lock of {}, whose process has ended", dir, other.describe());
                fs.delete(file, false);
                if (create(fs, file, holder)) {
                    return new FolderLock(file, fs, holder);
                }
            }
            throw refusal(dir, fs, file);
        }
        return new FolderLock(file, fs, holder);
    }

    /** The lock's holder, or null when the file has gone or cannot be read. */
    private static Holder holder(FileSystem fs, Path file) {
        try {
            return Json.read(new String(read(fs, file), StandardCharsets.UTF_8), Holder.class, Holder.FORMAT,
                    file.toString(), Json.NO_OLDER_FORMATS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the holder ran on this machine and its process no longer exists. */
    private static boolean gone(Holder other) {
        String[] process = other.process().split("@", 2);
        if (!other.host().equals(host()) || !process[0].matches("\\d{1,18}")) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(process[0])).map(p -> !p.isAlive()).orElse(true);
    }

    private static boolean create(FileSystem fs, Path file, Holder holder) throws IOException {
        byte[] content = Json.write(holder).getBytes(StandardCharsets.UTF_8);
        try {
            if (local(fs)) {
                Files.write(java.nio.file.Path.of(file.toUri()), content, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } else {
                try (FSDataOutputStream out = fs.create(file, false)) {
                    out.write(content);
                }
            }
            return true;
        } catch (java.nio.file.FileAlreadyExistsException | FileAlreadyExistsException e) {
            return false;
        }
    }

    private static IOException refusal(Path dir, FileSystem fs, Path file) throws IOException {
        Holder other;
        try {
            other = Json.read(new String(read(fs, file), StandardCharsets.UTF_8), Holder.class, Holder.FORMAT,
                    file.toString(), Json.NO_OLDER_FORMATS);
        } catch (FileNotFoundException e) {
            return new IOException(dir + " was locked by another writer a moment ago; try again");
        } catch (IOException e) {
            return new IOException(dir + " is locked (" + file + " cannot be read: " + e.getMessage()
                    + "); if no eaadam command writes there, delete that file");
        }
        Duration silent = Duration.between(Instant.parse(other.heartbeat()), Instant.now());
        String holder = dir + " is in use by " + other.describe();
        return new IOException(silent.compareTo(STALE) > 0
                ? holder + ", silent for " + silent.toSeconds() + " s: if that process is gone, delete " + file
                : holder + "; wait for it to finish, or choose another folder");
    }

    private void beat() {
        try {
            Holder next = holder.beating();
            byte[] content = Json.write(next).getBytes(StandardCharsets.UTF_8);
            if (local(fs)) {
                Files.write(java.nio.file.Path.of(file.toUri()), content, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            } else {
                try (FSDataOutputStream out = fs.create(file, true)) {
                    out.write(content);
                }
            }
            holder = next;
        } catch (IOException | RuntimeException e) {
            logger.warn("{}: heartbeat not written: {}", file, e.getMessage());
        }
    }

    /** Releases the lock, if the file is still this holder's. */
    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        try {
            String content = new String(read(fs, file), StandardCharsets.UTF_8);
            if (content.contains(holder.id())) {
                fs.delete(file, false);
            }
        } catch (FileNotFoundException e) {
            logger.warn("{} was deleted while held", file);
        }
    }

    private static byte[] read(FileSystem fs, Path file) throws IOException {
        if (local(fs)) {
            try {
                return Files.readAllBytes(java.nio.file.Path.of(file.toUri()));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new FileNotFoundException(file.toString());
            }
        }
        return Storage.readAll(file);
    }

    /** The local disk, written with java.nio: Hadoop's local create cannot be exclusive. */
    private static boolean local(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
