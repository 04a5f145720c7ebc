package io.pmr.collector.ingest;

import io.pmr.mqtt.SessionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest's MQTT session alone and in a share group: what it subscribes and whether the broker keeps it. */
class IngestSessionSettingsTest {
    private static final IngestSettings ALONE = new IngestSettings("tcp://127.0.0.1:1883", "pmr-collector", 4096, 500);

    @Test
    void aloneItSubscribesToEveryAgentAndTheBrokerKeepsItsSession() {
        SessionSettings session = IngestService.sessionSettings(ALONE);
        assertEquals(List.of("pmr/v1/+/status", "pmr/v1/+/intervals", "pmr/v1/+/events"), session.subscriptions());
        assertFalse(session.cleanSession(), "queued for it while it reconnects");
        assertTrue(session.manualAcks());
        assertFalse(ALONE.shared());
    }

    @Test
    void inAGroupItSubscribesSharedWithACleanSession() {
        SessionSettings session = IngestService.sessionSettings(ALONE.withShareGroup("pmr-collectors"));
        assertEquals(List.of("$share/pmr-collectors/pmr/v1/+/status", "$share/pmr-collectors/pmr/v1/+/intervals",
                "$share/pmr-collectors/pmr/v1/+/events"), session.subscriptions());
        assertTrue(session.cleanSession(), "a member that is down must leave the group, not keep being dealt its"
                + " share (Mosquitto deals round robin over kept sessions too)");
        assertTrue(session.manualAcks());
    }

    @Test
    void aBadGroupNameIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ALONE.withShareGroup("north+south"));
        assertTrue(e.getMessage().startsWith("shareGroup: the group name 'north+south' has '+' at position 6"),
                e.getMessage());
    }
}
