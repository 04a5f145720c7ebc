package io.pmr.hardware.rig;

/**
 * Where a rig listens, written {@code tcp://HOST:PORT} on command lines.
 *
 * @param host host name or address
 * @param port TCP port, 1..65535
 */
public record RigAddress(String host, int port) {

    public RigAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("rig host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("rig port must be in 1..65535, got " + port);
        }
    }

    /**
     * Parses {@code tcp://HOST:PORT} (or {@code HOST:PORT}).
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    public static RigAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("rig address must not be null: expected tcp://HOST:PORT");
        }
        String rest = text.startsWith("tcp://") ? text.substring("tcp://".length()) : text;
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new IllegalArgumentException("rig address '" + text + "' is not of the form tcp://HOST:PORT");
        }
        try {
            return new RigAddress(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rig address '" + text + "': port '" + rest.substring(colon + 1)
                    + "' is not a number", e);
        }
    }

    @Override
    public String toString() {
        return "tcp://" + host + ":" + port;
    }
}
