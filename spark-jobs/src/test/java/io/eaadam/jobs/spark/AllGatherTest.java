package io.eaadam.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

class AllGatherTest {

    @Test
    void everyMemberGetsEveryMessageOfEachRoundByRank() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(3);
        try (AllGather service = AllGather.start("127.0.0.1")) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int rank = 0; rank < 3; rank++) {
                int r = rank;
                results.add(workers.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    try (AllGather.Member member = AllGather.Member.join(service.address(), "stage/0", r, 3)) {
                        for (int round = 0; round < 4; round++) {
                            // Rank 1 sends nothing in round 2: an empty message is a message.
                            String mine = r == 1 && round == 2 ? "" : "r" + round + "w" + r;
                            for (byte[] message : member.gather(mine.getBytes(StandardCharsets.UTF_8))) {
                                seen.add(new String(message, StandardCharsets.UTF_8));
                            }
                        }
                    }
                    return seen;
                }));
            }
            List<String> expected = List.of("r0w0", "r0w1", "r0w2", "r1w0", "r1w1", "r1w2", "r2w0", "", "r2w2",
                    "r3w0", "r3w1", "r3w2");
            for (Future<List<String>> result : results) {
                assertEquals(expected, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aMemberThatGoesAwayMidRoundFailsTheOthersInsteadOfLeavingThemWaiting() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try (AllGather service = AllGather.start("127.0.0.1")) {
            Future<byte[][]> waiting = workers.submit(() -> {
                try (AllGather.Member member = AllGather.Member.join(service.address(), "stage/1", 0, 2)) {
                    return member.gather(new byte[] {1});
                }
            });
            try (AllGather.Member member = AllGather.Member.join(service.address(), "stage/1", 1, 2)) {
                Thread.sleep(200); // rank 0 has sent its message of the round
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void groupsAreSeparate() throws Exception {
        try (AllGather service = AllGather.start("127.0.0.1");
                AllGather.Member alone = AllGather.Member.join(service.address(), "a/0", 0, 1);
                AllGather.Member other = AllGather.Member.join(service.address(), "b/0", 0, 1)) {
            assertArrayEquals(new byte[] {7}, alone.gather(new byte[] {7})[0]);
            assertArrayEquals(new byte[] {9}, other.gather(new byte[] {9})[0]);
        }
    }
}
