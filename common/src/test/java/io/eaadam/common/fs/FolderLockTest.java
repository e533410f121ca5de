package io.eaadam.common.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

class FolderLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondWriterIsRefusedWithTheHoldersNameUntilTheFirstIsDone() throws IOException {
        String folder = dir.resolve("run").toString();
        try (FolderLock ignored = FolderLock.acquire(folder, "eaadam train")) {
            IOException refused = assertThrows(IOException.class, () -> FolderLock.acquire(folder, "eaadam fuse"));
            assertTrue(refused.getMessage().contains("is in use by eaadam train (process "), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("wait for it to finish, or choose another folder"),
                    refused.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("run").resolve(FolderLock.FILE)));
        try (FolderLock again = FolderLock.acquire(folder, "eaadam fuse")) {
            assertTrue(Files.exists(dir.resolve("run").resolve(FolderLock.FILE)));
        }
    }

    @Test
    void ofManyAtOnceExactlyOneGetsTheLock() throws Exception {
        String folder = dir.resolve("contended").toString();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<FolderLock>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(threads.submit((Callable<FolderLock>) () -> {
                try {
                    return FolderLock.acquire(folder, "writer");
                } catch (IOException e) {
                    return null;
                }
            }));
        }
        List<FolderLock> held = new ArrayList<>();
        for (Future<FolderLock> attempt : attempts) {
            if (attempt.get() != null) {
                held.add(attempt.get());
            }
        }
        threads.shutdown();
        assertEquals(1, held.size());
        held.get(0).close();
    }

    @Test
    void theLockOfAProcessThatEndedOnThisMachineIsTaken() throws Exception {
        Path run = Files.createDirectories(dir.resolve("killed"));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String now = Instant.now().toString();
        Files.writeString(run.resolve(FolderLock.FILE), "{\"format\": \"eaadam-lock/1\", \"id\": \"x\", \"host\": \""
                + java.net.InetAddress.getLocalHost().getHostName() + "\", \"process\": \"" + ended.pid() + "@here\", "
                + "\"command\": \"eaadam train\", \"started\": \"" + now + "\", \"heartbeat\": \"" + now + "\"}");
        try (FolderLock taken = FolderLock.acquire(run.toString(), "eaadam train --resume")) {
            assertTrue(Files.readString(run.resolve(FolderLock.FILE)).contains("eaadam train --resume"));
        }
    }

    @Test
    void aLockWhoseHolderStoppedBeatingSaysHowToBreakIt() throws IOException {
        Path run = Files.createDirectories(dir.resolve("old"));
        String old = Instant.now().minus(FolderLock.STALE.multipliedBy(2)).toString();
        Files.writeString(run.resolve(FolderLock.FILE), "{\"format\": \"eaadam-lock/1\", \"id\": \"x\", \"host\": "
                + "\"gone\", \"process\": \"1@gone\", \"command\": \"eaadam upscale\", \"started\": \"" + old
                + "\", \"heartbeat\": \"" + old + "\"}");
        IOException refused = assertThrows(IOException.class, () -> FolderLock.acquire(run.toString(), "eaadam train"));
        assertTrue(refused.getMessage().matches(".*in use by eaadam upscale \\(process 1@gone on gone, since .*\\), "
                + "silent for \\d+ s: if that process is gone, delete .*\\.eaadam\\.lock"), refused.getMessage());
    }
}
