package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.mqtt.MqttSecurity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentSettingsTest {
    private static AgentSettings.Builder valid() {
        return AgentSettings.builder().agentId("gw-north_1.a").region(Region.NORTH).brokerUrl("tcp://127.0.0.1:1")
                .dataDir(Path.of("data"));
    }

    private static void assertRejected(AgentSettings.Builder builder, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().startsWith(field), "message names " + field + ": " + e.getMessage());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        AgentSettings settings = valid().build();
        assertEquals(Duration.ofSeconds(60), settings.publishEvery());
        assertEquals(Duration.ofSeconds(10), settings.resendAfter());
        assertEquals(100_000, settings.maxOutboxMessages());
        assertEquals(1, settings.publishCopies());
        assertEquals(Map.of(EventKind.RTT2, Duration.ofHours(22), EventKind.RTT3, Duration.ofHours(2),
                EventKind.RTT4, Duration.ofSeconds(25), EventKind.CAT2_HAN_COMMAND, Duration.ofSeconds(30),
                EventKind.CAT3_ALERT, Duration.ofSeconds(60)), settings.trts());
    }

    /** The TRTs and rules of one catalogue go in together, replacing both: an earlier trts() or rules() is gone. */
    @Test
    void kindTrtsSetTheTrtsAndTheRulesAtOnce() {
        io.pmr.model.TrtRule coreHours = io.pmr.model.Trt.parseRule("15s in core hours");
        KindTrts kindTrts = new KindTrts(Map.of(EventKind.RTT4, Duration.ofSeconds(25),
                EventKind.SMKI_S2S_CERTIFICATE, Duration.ofSeconds(15)),
                Map.of(EventKind.SMKI_S2S_CERTIFICATE, coreHours));
        AgentSettings settings = valid().trts(Map.of(EventKind.RTT2, Duration.ofHours(22)))
                .rules(Map.of(EventKind.SMKI_BATCH_CERTIFICATE, coreHours)).kindTrts(kindTrts).build();
        assertEquals(kindTrts.trts(), settings.trts());
        assertEquals(Map.of(EventKind.SMKI_S2S_CERTIFICATE, coreHours), settings.rules());
        NullPointerException e = assertThrows(NullPointerException.class, () -> new KindTrts(Map.of(), null));
        assertTrue(e.getMessage().startsWith("rules"));
    }

    @Test
    void invalidValuesAreRejectedNamingTheField() {
        assertRejected(valid().agentId("gw/1"), "agentId");           // a topic level cannot hold '/'
        assertRejected(valid().agentId("+"), "agentId");
        assertRejected(valid().agentId("gw#1"), "agentId");
        assertRejected(valid().agentId("gw+1"), "agentId");
        assertRejected(valid().agentId(""), "agentId");
        assertRejected(valid().agentId("x".repeat(65)), "agentId");
        assertRejected(valid().brokerUrl("http://x"), "brokerUrl");
        assertRejected(valid().brokerUrl("tcp://127.0.0.1:1883,"), "brokerUrl"); // no host java.net.URI can read
        assertRejected(valid().brokerUrl("tcp://gateway_7:1883"), "brokerUrl");
        assertRejected(valid().trts(Map.of()), "trts");
        assertRejected(valid().trt(EventKind.RTT4, Duration.ZERO), "trts[RTT4]");
        assertRejected(valid().publishEvery(Duration.ofSeconds(-1)), "publishEvery");
        assertRejected(valid().resendAfter(Duration.ZERO), "resendAfter");
        assertRejected(valid().maxOutboxMessages(0), "maxOutboxMessages");
        assertRejected(valid().publishCopies(0), "publishCopies");
        NullPointerException e = assertThrows(NullPointerException.class, () -> valid().region(null).build());
        assertTrue(e.getMessage().startsWith("region"));
    }

    @Test
    void trtsAreCopiedAndUnmodifiable() {
        AgentSettings settings = valid().build();
        assertThrows(UnsupportedOperationException.class, () -> settings.trts().put(EventKind.RTT4, Duration.ofSeconds(1)));
    }

    @Test
    void securityNeedsAnSslBrokerUrlAndSettingsShowNoSecret(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        Path pw = Files.writeString(dir.resolve("pw"), "secret-value\n");
        AgentSettings.Builder builder = AgentSettings.builder().agentId("agent-north").region(Region.NORTH)
                .dataDir(dir).security(MqttSecurity.of(trust, pw, pw));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.brokerUrl("tcp://127.0.0.1:1883").build());
        assertTrue(e.getMessage().startsWith("brokerUrl"), e.getMessage());
        AgentSettings settings = builder.brokerUrl("ssl://127.0.0.1:8883").build();
        assertFalse(settings.toString().contains("secret-value"), settings.toString());
    }
}
