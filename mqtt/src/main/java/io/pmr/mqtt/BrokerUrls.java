package io.pmr.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * What a broker URL must be for a {@link MqttSession}: {@code tcp://HOST[:PORT]} or {@code ssl://HOST[:PORT]}, nothing
 * after. Checked when settings are built, so a mistyped URL is a usage error naming it, never a session that retries
 * for ever: Paho 1.2.5 takes a URL whose host {@link URI} cannot read (a trailing comma, an underscore in the name) into
 * a reflective patch of {@code java.net.URI} that Java 17 refuses, on every attempt. Stateless.
 */
public final class BrokerUrls {
    private BrokerUrls() {
    }

    /**
     * Throws, naming {@code field}, unless {@code url} is a broker URL a session takes ({@link #problem}): the check of
     * every settings record that holds one.
     *
     * @throws IllegalArgumentException {@code "FIELD 'URL' PROBLEM"}
     */
    public static void check(String field, String url) {
        String problem = problem(url);
        if (problem != null) {
            throw new IllegalArgumentException(field + " '" + url + "' " + problem);
        }
    }

    /**
     * Null when {@code url} is a broker URL a session takes, else what is wrong with it (lower case, to follow the
     * field's name and value, as {@link #check} and the command line's options put it).
     */
    public static String problem(String url) {
        if (url == null || url.isEmpty()) {
            return "must be set";
        }
        if (!(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
            return "must start with tcp:// or ssl://";
        }
        String expected = " (expected " + url.substring(0, 6) + "HOST:PORT)";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL: " + e.getReason() + " at index " + e.getIndex() + expected;
        }
        if (uri.getHost() == null) {
            return "has no host name or address that java.net.URI can read (a host name is letters, digits, '-' and"
                    + " '.'; a port is digits)" + expected;
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return "has port " + uri.getPort() + ", outside 1..65535";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password (give them as credentials)" + expected;
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must end after the port: no path, query or fragment" + expected;
        }
        return null;
    }
}
