package io.pmr.launcher;

/**
 * A {@code HOST:PORT} flag value ({@code 127.0.0.1:9464}, {@code [::1]:9464}, {@code :0} meaning loopback on an
 * ephemeral port).
 *
 * @param host an interface name or address, brackets removed
 * @param port 0..65535, 0 for an ephemeral port
 */
record HostPort(String host, int port) {
    static final String LOOPBACK = "127.0.0.1";

    /**
     * @throws IllegalArgumentException naming the flag and what it accepts
     */
    static HostPort parse(String flag, String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(flag + " must be HOST:PORT (e.g. 127.0.0.1:9464), was '" + text + "'");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(flag + " port must be 0..65535, was '" + text.substring(colon + 1)
                    + "'");
        }
        return new HostPort(host.isBlank() ? LOOPBACK : host, port);
    }
}
