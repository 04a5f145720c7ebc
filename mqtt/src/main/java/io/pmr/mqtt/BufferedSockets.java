package io.pmr.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories whose sockets buffer their input stream. Paho's reader pulls every byte of every packet through
 * a one-byte {@code read()} (its {@code CountingInputStream}); on a bare socket each is a system call (14% of the
 * demo's CPU). With a buffer in between, a packet costs one read of the socket. Output is left as it is: Paho
 * buffers and flushes it per packet itself. Nagle's algorithm is off ({@code TCP_NODELAY}): a PUBACK or an Ack is a
 * few bytes written while the last one may still be unacknowledged by TCP, and held back until it is, which paced
 * the collector's QoS 1 stream (a broker lets a session have only so many messages unacknowledged: 10 for Moquette
 * 0.17) to about half the rate of a client whose acknowledgements leave at once.
 *
 * <p>With {@code coalesceAcks} (the collector's ingest client: it receives bursts of QoS 1 PUBLISHes and acknowledges
 * each), a plain socket's streams are {@link AckCoalescingStreams}: the PUBACKs pending while the input buffer still
 * holds unread PUBLISHes leave in one write when the reader has consumed them, instead of one system call (and one
 * broker wake-up) each. TLS sockets do not coalesce (see {@link Tls}).
 *
 * <p>Paho insists that a {@code tcp://} URL get a plain {@link SocketFactory} and an {@code ssl://} URL an
 * {@link SSLSocketFactory} whose sockets are {@link SSLSocket}s, hence two factories. Thread-safe.
 */
final class BufferedSockets {
    /** Large enough for a typical envelope (a few KiB) in one read; small enough per connection. */
    static final int BUFFER_BYTES = 16 * 1024;

    private BufferedSockets() {
    }

    /** The factory for {@code brokerUrl}: plain for tcp://, wrapping {@code tls} for ssl://. */
    static SocketFactory forUrl(String brokerUrl, SSLSocketFactory tls) {
        return forUrl(brokerUrl, tls, false);
    }

    /** The factory for {@code brokerUrl}; plain sockets coalesce pending PUBACKs if {@code coalesceAcks}. */
    static SocketFactory forUrl(String brokerUrl, SSLSocketFactory tls, boolean coalesceAcks) {
        if (brokerUrl.startsWith("ssl://")) {
            return new Tls(tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault());
        }
        if (tls != null) {
            throw new IllegalArgumentException("brokerUrl must start with ssl:// when TLS is configured, was "
                    + brokerUrl);
        }
        return new Plain(coalesceAcks);
    }

    /** A plain socket whose input stream is buffered, and whose output coalesces PUBACKs if asked to. */
    static final class BufferedInputSocket extends Socket {
        private final boolean coalesceAcks;
        private InputStream in;
        private AckCoalescingStreams streams;

        BufferedInputSocket(boolean coalesceAcks) throws java.net.SocketException {
            this.coalesceAcks = coalesceAcks;
            setTcpNoDelay(true);
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (coalesceAcks) {
                return streams().input();
            }
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), BUFFER_BYTES);
            }
            return in;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            return coalesceAcks ? streams().output() : super.getOutputStream();
        }

        /** The coalescing pair, made once: a second would lose what the first buffers. */
        synchronized AckCoalescingStreams streams() throws IOException {
            if (streams == null) {
                streams = new AckCoalescingStreams(super.getInputStream(), super.getOutputStream(), BUFFER_BYTES);
            }
            return streams;
        }
    }

    /** For tcp:// URLs. */
    static final class Plain extends SocketFactory {
        private final boolean coalesceAcks;

        Plain(boolean coalesceAcks) {
            this.coalesceAcks = coalesceAcks;
        }

        @Override
        public Socket createSocket() throws IOException {
            return new BufferedInputSocket(coalesceAcks);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = createSocket();
            socket.bind(new java.net.InetSocketAddress(localHost, localPort));
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = createSocket();
            socket.bind(new java.net.InetSocketAddress(localAddress, localPort));
            socket.connect(new java.net.InetSocketAddress(address, port));
            return socket;
        }
    }

    /**
     * For ssl:// URLs: every socket of the wrapped factory, with its (decrypted) input buffered. PUBACKs are not
     * coalesced here: the pmr deployments that ingest at volume (the demo, the bench) use tcp://, and TLS sockets read
     * and write through their own locks and records, which this round did not measure; their output is Paho's.
     */
    static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Tls(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket wrap(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return new BufferedSslSocket((SSLSocket) socket, BUFFER_BYTES);
        }

        @Override
        public Socket createSocket() throws IOException {
            return wrap(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return wrap(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return wrap(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return wrap(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return wrap(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return wrap(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
