package io.pmr.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A socket's input and output streams for an MQTT client that receives bursts of QoS 1 PUBLISHes: the input is
 * buffered (as {@link BufferedSockets}' is), and the output writes the PUBACKs that are pending together in one
 * system call instead of one each ("flush on read complete", as Netty does).
 *
 * <p><b>The rule.</b> Paho's sender writes one packet and flushes it. A flushed packet that is a single PUBACK is kept
 * in this object's buffer (deferred) only while the input buffer still holds bytes the reader has not consumed: more
 * PUBLISHes are already here, so more PUBACKs are coming. When the reader consumes the last buffered byte, it writes
 * what is deferred (one {@code write}) before it does anything else, in particular before it can block in a socket
 * read. Any other packet (PINGREQ, PUBLISH, SUBSCRIBE, DISCONNECT...) is written at once, together with whatever is
 * deferred before it, so keep-alive and publishes never wait; so is a PUBACK when the input buffer is drained, or when
 * the deferred bytes would exceed {@link #DEFER_BYTES}. Bytes leave in the order Paho wrote them.
 *
 * <p><b>Bound.</b> A deferred PUBACK waits until the reader next drains its buffer, or the sender's next other packet.
 * Under back-pressure (the application's callback blocks, so Paho's receiver waits with bytes still buffered) that can
 * be until the application takes the next message, or at most until Paho's keep-alive PINGREQ (Paho counts a deferred
 * PUBACK as outbound activity, so it pings one keep-alive interval after it, and the ping writes it out).
 *
 * <p><b>Threads.</b> One reader thread (Paho's receiver) uses {@link #input()}; any threads may use {@link #output()}.
 * The output's buffer, the deferred length and "the input buffer is drained" are guarded by one lock, and every write
 * to the socket is made under it: a sender that defers has seen the input not drained under the lock, so the reader's
 * drain, which takes the same lock afterwards, finds the deferred bytes and writes them. The reader's own buffer is its
 * thread's only. Writes to the socket happen under the lock, so a socket whose send buffer is full blocks the reader's
 * drain as it blocks Paho's sender (a broker that stops reading a client is lost to it either way).
 *
 * <p><b>Errors.</b> A failed write throws from the call that made it: on the sender, Paho's {@code CommsSender}, on
 * the reader, Paho's {@code CommsReceiver}; both treat an {@link IOException} as the connection lost. Deferred PUBACKs
 * still buffered when the socket closes are lost like any PUBACK in flight: the broker redelivers those messages.
 */
final class AckCoalescingStreams {
    /** At most this many deferred bytes (1,024 PUBACKs); one TCP segment on loopback. */
    static final int DEFER_BYTES = 4096;
    private static final int PUBACK_BYTES = 4;
    private static final byte PUBACK_FIRST = 0x40;
    private static final byte PUBACK_REMAINING = 0x02;

    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final Input input;
    private final Output output;
    private final Object lock = new Object();
    /** Under lock: bytes written by Paho and not yet to the socket; the first {@code deferred} are whole PUBACKs. */
    private final byte[] out = new byte[DEFER_BYTES + BufferedSockets.BUFFER_BYTES];
    private int outCount; // under lock
    private int deferred; // under lock
    private int packetBytes; // under lock: bytes written since the last flush, the packet being written
    private boolean drained = true; // under lock: the reader holds no unread byte
    private long socketWrites; // under lock

    AckCoalescingStreams(InputStream rawIn, OutputStream rawOut, int inputBufferBytes) {
        this.rawIn = rawIn;
        this.rawOut = rawOut;
        this.input = new Input(inputBufferBytes);
        this.output = new Output();
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    /** Writes made to the socket so far (diagnostics and tests). */
    long socketWrites() {
        synchronized (lock) {
            return socketWrites;
        }
    }

    /** The reader consumed its last buffered byte: the deferred PUBACKs go now. */
    private void drained() throws IOException {
        synchronized (lock) {
            drained = true;
            if (deferred > 0) {
                int rest = outCount - deferred; // a packet Paho is writing but has not flushed yet
                writeToSocket(deferred);
                System.arraycopy(out, deferred, out, 0, rest);
                outCount = rest;
                deferred = 0;
            }
        }
    }

    private void refilled() {
        synchronized (lock) {
            drained = false;
        }
    }

    /** Under lock. */
    private void writeToSocket(int length) throws IOException {
        socketWrites++;
        rawOut.write(out, 0, length);
        rawOut.flush();
    }

    /** Under lock: everything buffered to the socket. */
    private void writeAll() throws IOException {
        int length = outCount;
        outCount = 0;
        deferred = 0;
        if (length > 0) {
            writeToSocket(length);
        }
    }

    /** Paho's receiver: a buffered input that tells the output when it has consumed everything it holds. */
    private final class Input extends InputStream {
        private final byte[] buf;
        private int pos;
        private int limit;

        Input(int bufferBytes) {
            this.buf = new byte[bufferBytes];
        }

        @Override
        public int read() throws IOException {
            if (pos >= limit && !fill()) {
                return -1;
            }
            int b = buf[pos++] & 0xff;
            if (pos == limit) {
                drained();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (pos >= limit && !fill()) {
                return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            if (pos == limit) {
                drained();
            }
            return n;
        }

        /** Blocks for more bytes (the output was told it is drained when the last byte was consumed). */
        private boolean fill() throws IOException {
            int n = rawIn.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            refilled();
            return true;
        }

        /** What is buffered, or else the socket's count: Paho asks before every packet, and a buffered one is free. */
        @Override
        public int available() throws IOException {
            int buffered = limit - pos;
            return buffered > 0 ? buffered : rawIn.available();
        }

        @Override
        public void close() throws IOException {
            rawIn.close();
        }
    }

    /** Paho's sender: each packet is written, then flushed. */
    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            synchronized (lock) {
                packetBytes += len;
                if (outCount + len > out.length) {
                    writeAll(); // a large packet: what came before goes first, then it passes straight through
                    socketWrites++;
                    rawOut.write(b, off, len);
                    return;
                }
                System.arraycopy(b, off, out, outCount, len);
                outCount += len;
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (lock) {
                boolean singlePuback = packetBytes == PUBACK_BYTES && outCount - deferred == PUBACK_BYTES
                        && out[deferred] == PUBACK_FIRST && out[deferred + 1] == PUBACK_REMAINING;
                packetBytes = 0;
                if (singlePuback && !drained && outCount <= DEFER_BYTES) {
                    deferred = outCount;
                    return;
                }
                writeAll();
                rawOut.flush();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                synchronized (lock) {
                    writeAll();
                }
            } finally {
                rawOut.close();
            }
        }
    }
}
