package io.pmr.mqtt;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionSettingsTest {

    @Test
    void badSettingsAreRefusedNamingTheField() throws Exception {
        SessionSettings ok = SessionSettings.of("tcp://127.0.0.1:1883", "client");
        assertField("brokerUrl", () -> SessionSettings.of("http://127.0.0.1", "client"));
        assertField("clientId", () -> SessionSettings.of("tcp://127.0.0.1:1883", ""));
        assertField("handshakeTimeout", () -> ok.withHandshakeTimeout(Duration.ZERO));
        assertField("backoffMax", () -> ok.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertField("refusedRetry", () -> ok.withRefusedRetry(Duration.ofMillis(-1)));
        assertField("inflightStall", () -> ok.withInflightStall(Duration.ofMillis(-1)));
        assertField("startAttempts", () -> ok.withStartAttempts(0));
        assertField("will.qos", () -> new SessionSettings.Will("t", new byte[0], 3, false));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        ClientLogin login = new ClientLogin(context.getSocketFactory(), "user", "pw".toCharArray(), true);
        assertField("brokerUrl", () -> ok.withLogin(login));
    }

    @Test
    void subscriptionsAndTheWillAreCopies() {
        List<String> topics = new java.util.ArrayList<>(List.of("a/#"));
        byte[] payload = {1, 2, 3};
        SessionSettings settings = SessionSettings.of("tcp://127.0.0.1:1883", "client").withSubscriptions(topics)
                .withWill(new SessionSettings.Will("status", payload, 1, true));
        topics.add("b/#");
        payload[0] = 9;
        assertEquals(List.of("a/#"), settings.subscriptions());
        assertEquals(1, settings.will().payload()[0]);
    }

    private static void assertField(String field, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().startsWith(field), "names " + field + ": " + e.getMessage());
    }
}
