package io.pmr.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CollectorSettingsTest {
    private static CollectorSettings.Builder valid() {
        return CollectorSettings.builder().databasePath(Path.of("pmr.db"));
    }

    @Test
    void defaults() {
        CollectorSettings settings = valid().build();

        assertNull(settings.externalBrokerUrl());
        assertTrue(settings.embedded());
        assertEquals("127.0.0.1", settings.embeddedHost());
        assertEquals(0, settings.embeddedPort());
        assertEquals(262_144, settings.embeddedSessionQueueSize());
        assertEquals(4 * 1024 * 1024, settings.maxMessageBytes());
        assertEquals("pmr-collector", settings.clientId());
        assertEquals(500, settings.ingestBatchSize());
        assertNull(settings.cataloguePath());
    }

    @Test
    void messagesNameTheField() {
        assertMessage("store", CollectorSettings.builder());
        assertMessage("embeddedPort", valid().embeddedPort(70_000));
        assertMessage("embeddedHost", valid().embeddedHost(" "));
        assertMessage("embeddedSessionQueueSize", valid().embeddedSessionQueueSize(0));
        assertMessage("maxMessageBytes", valid().maxMessageBytes(10));
        assertMessage("clientId", valid().clientId(""));
        assertMessage("ingestBatchSize", valid().ingestBatchSize(0));
        assertMessage("externalBrokerUrl", valid().externalBrokerUrl("localhost:1883"));
        assertMessage("shareGroup needs", valid().shareGroup("collectors"));
        assertMessage("shareGroup: the group name 'a/b' has '/' at",
                valid().externalBrokerUrl("tcp://mq:1883").shareGroup("a/b"));
        assertEquals("collectors", valid().externalBrokerUrl("tcp://mq:1883").shareGroup("collectors").build()
                .shareGroup());
        assertNull(valid().build().shareGroup(), "alone by default");
        assertMessage("maxClockSkew", valid().maxClockSkew(java.time.Duration.ZERO));
        assertMessage("maxClockSkew", valid().maxClockSkew(java.time.Duration.ofDays(366)));
    }

    private static void assertMessage(String field, CollectorSettings.Builder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }
}
