package io.pmr.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class AckCoalescingStreamsTest {
    private static final byte[] PINGREQ = {(byte) 0xC0, 0x00};

    private static byte[] puback(int id) {
        return new byte[] {0x40, 0x02, (byte) (id >> 8), (byte) id};
    }

    /** Paho's way: the packet into its buffer, then one write of it and a flush. */
    private static void send(OutputStream out, byte[] packet) throws IOException {
        out.write(packet, 0, packet.length);
        out.flush();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    @Test
    void pubacksWaitWhileTheReaderHoldsUnreadBytesAndLeaveInOneWriteWhenItHasReadThem() throws IOException {
        Recording socket = new Recording();
        AckCoalescingStreams streams = new AckCoalescingStreams(new ByteArrayInputStream(new byte[30]), socket, 64);
        InputStream in = streams.input();
        assertEquals(0, in.read()); // the buffer now holds 29 unread bytes: more PUBLISHes are here
        send(streams.output(), puback(1));
        send(streams.output(), puback(2));
        send(streams.output(), puback(3));
        assertEquals(List.of(), socket.writes, "deferred while the reader holds unread bytes");

        assertEquals(28, in.read(new byte[28], 0, 28));
        assertEquals(List.of(), socket.writes, "one byte still unread");
        in.read();
        assertEquals(1, socket.writes.size(), "the last byte read: every deferred PUBACK in one write");
        assertArrayEquals(concat(puback(1), puback(2), puback(3)), socket.writes.get(0));
        send(streams.output(), puback(4));
        assertArrayEquals(puback(4), socket.writes.get(1), "nothing buffered: a PUBACK leaves at once");
        assertEquals(2, streams.socketWrites());
    }

    @Test
    void aPubackLeavesAtOnceWhenTheReaderHoldsNothing() throws IOException {
        Recording socket = new Recording();
        AckCoalescingStreams streams = new AckCoalescingStreams(new ByteArrayInputStream(new byte[0]), socket, 64);
        send(streams.output(), puback(9));
        assertEquals(1, socket.writes.size(), "before the first read the reader holds nothing");
        assertEquals(-1, streams.input().read());
        send(streams.output(), puback(10));
        assertEquals(2, socket.writes.size());
    }

    @Test
    void anyOtherPacketTakesTheDeferredPubacksWithItAtOnceInOrder() throws IOException {
        Recording socket = new Recording();
        AckCoalescingStreams streams = new AckCoalescingStreams(new ByteArrayInputStream(new byte[30]), socket, 64);
        streams.input().read();
        send(streams.output(), puback(1));
        send(streams.output(), puback(2));
        send(streams.output(), PINGREQ);
        assertEquals(1, socket.writes.size(), "keep-alive never waits");
        assertArrayEquals(concat(puback(1), puback(2), PINGREQ), socket.writes.get(0));

        byte[] pubrec = {0x50, 0x02, 0, 7}; // four bytes, not a PUBACK
        send(streams.output(), pubrec);
        assertArrayEquals(pubrec, socket.writes.get(1));
    }

    @Test
    void aLargePacketEndingInPubackLikeBytesIsNotDeferred() throws IOException {
        Recording socket = new Recording();
        AckCoalescingStreams streams = new AckCoalescingStreams(new ByteArrayInputStream(new byte[30]), socket, 64);
        streams.input().read();
        send(streams.output(), puback(1));
        byte[] big = new byte[AckCoalescingStreams.DEFER_BYTES + BufferedSockets.BUFFER_BYTES + 10];
        big[0] = 0x30;
        OutputStream out = streams.output();
        out.write(big, 0, big.length); // more than the buffer: passes straight through, after the deferred PUBACK
        out.write(puback(2), 0, 4); // its last four bytes, as Paho would write a long payload's tail
        out.flush();
        assertArrayEquals(concat(puback(1), big, puback(2)), socket.bytes(), "in order, nothing held back");
    }

    @Test
    void theDeferredBytesAreBounded() throws IOException {
        Recording socket = new Recording();
        AckCoalescingStreams streams = new AckCoalescingStreams(new ByteArrayInputStream(new byte[30]), socket, 64);
        streams.input().read();
        int count = AckCoalescingStreams.DEFER_BYTES / 4 + 1;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int id = 0; id < count; id++) {
            send(streams.output(), puback(id));
            expected.writeBytes(puback(id));
        }
        assertEquals(1, socket.writes.size(), "past DEFER_BYTES the pending PUBACKs leave");
        assertArrayEquals(expected.toByteArray(), socket.bytes());
    }

    @Test
    void aPacketBeingWrittenWhenTheReaderDrainsStaysForItsOwnFlush() throws IOException {
        Recording socket = new Recording();
        AckCoalescingStreams streams = new AckCoalescingStreams(new ByteArrayInputStream(new byte[2]), socket, 64);
        InputStream in = streams.input();
        in.read();
        send(streams.output(), puback(1));
        streams.output().write(PINGREQ, 0, 2); // not flushed yet
        in.read();
        assertEquals(1, socket.writes.size());
        assertArrayEquals(puback(1), socket.writes.get(0), "only the deferred, whole PUBACK");
        streams.output().flush();
        assertArrayEquals(PINGREQ, socket.writes.get(1));
    }

    @Test
    void aFailedDeferredWriteSurfacesOnTheReaderAsPahoExpects() throws IOException {
        IOException broken = new IOException("Broken pipe");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw broken;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw broken;
            }
        };
        AckCoalescingStreams streams = new AckCoalescingStreams(new ByteArrayInputStream(new byte[2]), failing, 64);
        InputStream in = streams.input();
        in.read();
        send(streams.output(), puback(1));
        assertSame(broken, assertThrows(IOException.class, in::read),
                "Paho's receiver takes an IOException for the connection lost");
        assertSame(broken, assertThrows(IOException.class, () -> send(streams.output(), PINGREQ)));
    }

    /**
     * The hand-over between Paho's two threads, stressed with a broker that sends its next burst only when every
     * PUBACK of the bursts before it has arrived (a window of one burst): a PUBACK left deferred while the reader
     * waits for the socket would stop the exchange for good. Burst sizes, the input buffer's size and the sender's
     * pauses come from a seeded generator. Each PUBACK must arrive once, in order. Checked once against a wrong
     * hand-over ("drained" marked only when the reader goes to read, after the flush on its last byte): it fails.
     */
    @Test
    void noPubackIsLeftBehindWhenTheReaderGoesToWaitForTheBroker() throws Exception {
        for (long seed = 1; seed <= 8; seed++) {
            exchange(seed, 20_000);
        }
    }

    private static void exchange(long seed, int messages) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        WindowedBroker broker = new WindowedBroker(random.split(), messages);
        AckCoalescingStreams streams = new AckCoalescingStreams(broker, broker.acks, 7 + random.nextInt(60));
        BlockingQueue<Integer> delivered = new ArrayBlockingQueue<>(messages);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(2);
        Thread reader = new Thread(() -> {
            try {
                InputStream in = streams.input();
                for (int i = 0; i < messages; i++) {
                    int id = 0;
                    for (int b = 0; b < WindowedBroker.PACKET; b++) {
                        int v = in.read(); // Paho's way: a byte at a time
                        if (v < 0) {
                            throw new IOException("end of stream at message " + i);
                        }
                        id = b == 2 || b == 3 ? id << 8 | v : id;
                    }
                    delivered.add(id);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.countDown();
            }
        }, "reader-" + seed);
        SplittableRandom pauses = random.split();
        Thread sender = new Thread(() -> {
            try {
                OutputStream out = streams.output();
                for (int i = 0; i < messages; i++) {
                    int id = delivered.take();
                    for (int spin = pauses.nextInt(4) == 0 ? pauses.nextInt(2_000) : 0; spin > 0; spin--) {
                        Thread.onSpinWait();
                    }
                    send(out, puback(id));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.countDown();
            }
        }, "sender-" + seed);
        reader.setDaemon(true);
        sender.setDaemon(true);
        reader.start();
        sender.start();
        if (!done.await(60, TimeUnit.SECONDS)) {
            fail("seed " + seed + ": the exchange stopped with " + broker.acked() + " of " + messages
                    + " PUBACKs at the broker, " + streams.socketWrites() + " writes: a PUBACK stayed deferred while"
                    + " the reader waited for the broker");
        }
        if (failure.get() != null) {
            throw new AssertionError("seed " + seed, failure.get());
        }
        assertEquals(messages, broker.acked(), "seed " + seed);
        assertTrue(streams.socketWrites() <= messages, "seed " + seed);
    }

    /** The broker's side of the socket: bursts of 6-byte PUBLISH-like packets, numbered, each sent once acked. */
    private static final class WindowedBroker extends InputStream {
        static final int PACKET = 6;
        private final SplittableRandom random;
        private final int messages;
        private final Object lock = new Object();
        private int sent; // under lock
        private int acked; // under lock
        private byte[] burst = new byte[0];
        private int burstPos;
        final OutputStream acks = new OutputStream() {
            private final byte[] partial = new byte[4];
            private int have;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (lock) {
                    for (int i = off; i < off + len; i++) {
                        partial[have++] = b[i];
                        if (have == 4) {
                            have = 0;
                            int id = (partial[2] & 0xff) << 8 | partial[3] & 0xff;
                            if (partial[0] != 0x40 || partial[1] != 0x02 || id != (acked & 0xffff)) {
                                throw new IllegalStateException("PUBACK " + id + " where " + acked + " was due");
                            }
                            acked++;
                        }
                    }
                    lock.notifyAll();
                }
            }
        };

        WindowedBroker(SplittableRandom random, int messages) {
            this.random = random;
            this.messages = messages;
        }

        int acked() {
            synchronized (lock) {
                return acked;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /** The rest of the burst in hand, or, once all of it is acknowledged, the next burst (blocking until then). */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (burstPos == burst.length) {
                synchronized (lock) {
                    while (acked < sent) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                    }
                    if (sent == messages) {
                        return -1;
                    }
                    int count = Math.min(messages - sent, 1 + random.nextInt(random.nextBoolean() ? 3 : 40));
                    burst = new byte[count * PACKET];
                    for (int i = 0; i < count; i++) {
                        int id = sent + i;
                        burst[i * PACKET] = 0x32;
                        burst[i * PACKET + 1] = PACKET - 2;
                        burst[i * PACKET + 2] = (byte) (id >> 8);
                        burst[i * PACKET + 3] = (byte) id;
                    }
                    burstPos = 0;
                    sent += count;
                }
            }
            int n = Math.min(len, Math.min(burst.length - burstPos, 1 + random.nextInt(3 * PACKET * 8)));
            System.arraycopy(burst, burstPos, b, off, n);
            burstPos += n;
            return n;
        }
    }

    /** A socket's output that keeps each write. */
    private static final class Recording extends OutputStream {
        final List<byte[]> writes = new ArrayList<>();

        @Override
        public void write(int b) {
            writes.add(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(java.util.Arrays.copyOfRange(b, off, off + len));
        }

        byte[] bytes() {
            return concat(writes.toArray(new byte[0][]));
        }
    }
}
