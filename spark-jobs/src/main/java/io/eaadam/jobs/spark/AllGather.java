package io.eaadam.jobs.spark;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All-gather rounds among the workers of a barrier stage, through a small service on the driver. Spark's own
 * {@code BarrierTaskContext.allGather} waits for its answer in steps of a second ({@code Thread.sleep(1000)}
 * in Spark 4.2's {@code runBarrier}), so a round costs a second; an EA epoch has a round per child. Here each
 * worker keeps one connection to the driver and a round costs a round trip. A worker that goes away in the
 * middle of a round ends the round for the others with an error, and Spark retries the stage as it does for
 * any failed barrier task (a retried stage is a new group).
 */
public final class AllGather implements AutoCloseable {

    /** Where the workers reach the service; travels in the stage's closure. */
    public record Address(String host, int port) implements Serializable {}

    private final ServerSocketChannel server;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private AllGather(ServerSocketChannel server) {
        this.server = server;
        this.acceptor = new Thread(this::accept, "eaadam-all-gather");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code host} (the driver's address, which the executors already reach) on a free port. */
    public static AllGather start(String host) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, 0));
        return new AllGather(server);
    }

    public Address address() throws IOException {
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        return new Address(local.getHostString(), local.getPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
        groups.values().forEach(Group::fail);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread handler = new Thread(() -> serve(channel), "eaadam-all-gather-member");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One member's connection: its hello (group, rank, size), then its message of each round. */
    private void serve(SocketChannel channel) {
        Group group = null;
        int rank = -1;
        try (channel) {
            String key = new String(readFrame(channel), java.nio.charset.StandardCharsets.UTF_8);
            ByteBuffer hello = ByteBuffer.wrap(readFrame(channel));
            rank = hello.getInt();
            int size = hello.getInt();
            group = groups.computeIfAbsent(key, k -> new Group(k, size));
            group.join(rank, channel);
            while (true) {
                group.offer(rank, readFrame(channel));
            }
        } catch (IOException | RuntimeException e) {
            if (group != null) {
                if (group.leave(rank)) {
                    groups.remove(group.key);
                }
            }
        }
    }

    /** The members of one stage attempt and the round in progress. */
    private static final class Group {
        private final String key;
        private final SocketChannel[] members;
        private final byte[][] round;
        private int arrived;
        private int joined;
        private int left;
        private boolean failed;

        Group(String key, int size) {
            this.key = key;
            this.members = new SocketChannel[size];
            this.round = new byte[size][];
        }

        synchronized void join(int rank, SocketChannel channel) {
            members[rank] = channel;
            joined++;
        }

        /** The member's message of this round; the last one to arrive sends every member the round's messages. */
        synchronized void offer(int rank, byte[] message) throws IOException {
            if (failed || left > 0) {
                fail();
                throw new IOException("all-gather group " + key + ": a member has gone");
            }
            round[rank] = message;
            if (++arrived < members.length) {
                return;
            }
            int length = 0;
            for (byte[] part : round) {
                length += Integer.BYTES + part.length;
            }
            ByteBuffer reply = ByteBuffer.allocate(length);
            for (byte[] part : round) {
                reply.putInt(part.length).put(part);
            }
            for (SocketChannel member : members) {
                writeFully(member, reply.duplicate().flip());
            }
            arrived = 0;
            java.util.Arrays.fill(round, null);
        }

        /** A member's connection ended; true when the group has no member left. */
        synchronized boolean leave(int rank) {
            left++;
            if (arrived > 0) {
                fail(); // the others wait for a round that cannot complete
            }
            return left == joined;
        }

        synchronized void fail() {
            failed = true;
            for (SocketChannel member : members) {
                if (member != null) {
                    try {
                        member.close();
                    } catch (IOException ignored) {
                        // closing is all that is left to do
                    }
                }
            }
        }
    }

    /** A worker's side: one connection for the stage attempt. */
    public static final class Member implements AutoCloseable {

        private final SocketChannel channel;
        private final int size;

        private Member(SocketChannel channel, int size) {
            this.channel = channel;
            this.size = size;
        }

        /** Joins {@code group} (unique per stage attempt) as {@code rank} of {@code size}. */
        public static Member join(Address address, String group, int rank, int size) throws IOException {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(address.host(), address.port()));
            channel.socket().setTcpNoDelay(true);
            writeFrame(channel, group.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            writeFrame(channel, ByteBuffer.allocate(2 * Integer.BYTES).putInt(rank).putInt(size).array());
            return new Member(channel, size);
        }

        /** Sends this member's message of the round and returns every member's, by rank. */
        public byte[][] gather(byte[] message) throws IOException {
            writeFrame(channel, message);
            byte[][] all = new byte[size][];
            for (int rank = 0; rank < size; rank++) {
                all[rank] = readFrame(channel);
            }
            return all;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static void writeFrame(SocketChannel channel, byte[] bytes) throws IOException {
        writeFully(channel, ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).flip());
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] readFrame(SocketChannel channel) throws IOException {
        ByteBuffer length = readFully(channel, ByteBuffer.allocate(Integer.BYTES));
        return readFully(channel, ByteBuffer.allocate(length.flip().getInt())).array();
    }

    private static ByteBuffer readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("all-gather connection closed");
            }
        }
        return buffer;
    }
}
