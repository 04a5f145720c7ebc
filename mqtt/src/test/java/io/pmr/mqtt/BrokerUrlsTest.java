package io.pmr.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:1883", "ssl://mq.example.org:8883", "tcp://mosquitto-lab", "tcp://[::1]:1883",
            "ssl://10.0.0.7:65535", "tcp://h:1"})
    void aHostAndAnOptionalPortAreTaken(String url) {
        assertNull(BrokerUrls.problem(url), url);
        SessionSettings.of(url, "c"); // and a session takes it
    }

    /** Each of these made Paho 1.2.5 on Java 17 fail every attempt (or connect somewhere else than meant). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp://127.0.0.1:1883,|has no host name or address that java.net.URI can read (a host name is letters,"
                    + " digits, '-' and '.'; a port is digits) (expected tcp://HOST:PORT)",
            "tcp://my_broker:1883|has no host name or address that java.net.URI can read (a host name is letters,"
                    + " digits, '-' and '.'; a port is digits) (expected tcp://HOST:PORT)",
            "ssl://:8883|has no host name or address that java.net.URI can read (a host name is letters, digits, '-'"
                    + " and '.'; a port is digits) (expected ssl://HOST:PORT)",
            "tcp://mq lab:1883|is not a URL: Illegal character in authority at index 6 (expected tcp://HOST:PORT)",
            "tcp://h:0|has port 0, outside 1..65535",
            "tcp://h:70000|has port 70000, outside 1..65535",
            "tcp://agent:secret@h:1883|must not carry a user name or password (give them as credentials)"
                    + " (expected tcp://HOST:PORT)",
            "tcp://h:1883/pmr|must end after the port: no path, query or fragment (expected tcp://HOST:PORT)",
            "tcp://h:1883?x=1|must end after the port: no path, query or fragment (expected tcp://HOST:PORT)",
            "ws://h:1883|must start with tcp:// or ssl://"})
    void anythingElseIsRefusedSayingWhat(String url, String problem) {
        assertEquals(problem, BrokerUrls.problem(url));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SessionSettings.of(url, "c"));
        assertEquals("brokerUrl '" + url + "' " + problem, refused.getMessage());
    }

    @Test
    void noUrlMustBeSet() {
        assertEquals("must be set", BrokerUrls.problem(""));
        assertEquals("must be set", BrokerUrls.problem(null));
    }
}
