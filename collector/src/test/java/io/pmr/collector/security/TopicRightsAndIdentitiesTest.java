package io.pmr.collector.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicRightsAndIdentitiesTest {
    private final TopicRights rights = new TopicRights("pmr-collector");

    @Test
    void anAgentWritesOnlyItsOwnDataTopics() {
        for (String kind : new String[] {"status", "intervals", "events"}) {
            assertTrue(rights.canWrite("pmr/v1/agent-a/" + kind, "agent-a"), kind);
            assertFalse(rights.canWrite("pmr/v1/agent-b/" + kind, "agent-a"), kind);
        }
        assertFalse(rights.canWrite("pmr/v1/agent-a/ack", "agent-a"));
        assertFalse(rights.canWrite("pmr/v1/agent-a/config", "agent-a"));
        assertFalse(rights.canWrite("pmr/v1/agent-b/config", "agent-a"));
        assertFalse(rights.canWrite("pmr/v1/agent-a/intervals/x", "agent-a"));
        assertFalse(rights.canWrite("other/agent-a/intervals", "agent-a"));
    }

    @Test
    void anAgentReadsOnlyItsOwnAckAndConfig() {
        assertTrue(rights.canRead("pmr/v1/agent-a/ack", "agent-a"));
        assertTrue(rights.canRead("pmr/v1/agent-a/config", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/agent-b/ack", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/agent-b/config", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/+/ack", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/+/config", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/agent-a/+", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/config/agent-a", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/#", "agent-a"));
        assertFalse(rights.canRead("pmr/v1/agent-a/intervals", "agent-a"));
    }

    @Test
    void theCollectorReadsAgentDataAndWritesAcksAndConfigs() {
        assertTrue(rights.canRead("pmr/v1/+/intervals", "pmr-collector"));
        assertTrue(rights.canRead("pmr/v1/+/status", "pmr-collector"));
        assertFalse(rights.canRead("pmr/v1/#", "pmr-collector"));
        assertFalse(rights.canRead("pmr/v1/+/ack", "pmr-collector"));
        assertTrue(rights.canWrite("pmr/v1/agent-a/ack", "pmr-collector"));
        assertTrue(rights.canWrite("pmr/v1/agent-a/config", "pmr-collector"));
        assertFalse(rights.canWrite("pmr/v1/+/config", "pmr-collector"));
        assertFalse(rights.canRead("pmr/v1/+/config", "pmr-collector"));
        assertFalse(rights.canWrite("pmr/v1/agent-a/intervals", "pmr-collector"));
        assertFalse(rights.canWrite("pmr/v1/+/ack", "pmr-collector"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b", "a#", "a/b", "+", "#", "", "config", "agent north", "ünïcode"})
    void idsOutsideTheAgentPatternAreRefusedAtConnect(String id, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, "");
        if (!id.isEmpty() && id.indexOf(':') < 0) {
            CredentialsFile.put(file, id, "pw".toCharArray(), new SecureRandom());
        }
        BrokerAuthenticator authenticator = new BrokerAuthenticator(CredentialsFile.load(file), "pmr-collector",
                new byte[] {1, 2, 3});
        assertFalse(authenticator.checkValid(id, id, "pw".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1L, authenticator.refused().get("bad_identity"));
    }

    @Test
    void anAgentMustUseItsIdAsClientIdAndOnlyTheInProcessSecretMakesTheCollector(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("passwd");
        CredentialsFile.put(file, "agent-a", "pw-a".toCharArray(), new SecureRandom());
        CredentialsFile.put(file, "pmr-collector", "guess".toCharArray(), new SecureRandom());
        BrokerAuthenticator authenticator = new BrokerAuthenticator(CredentialsFile.load(file), "pmr-collector",
                "secret".getBytes(StandardCharsets.UTF_8));
        byte[] pwA = "pw-a".getBytes(StandardCharsets.UTF_8);
        assertTrue(authenticator.checkValid("agent-a", "agent-a", pwA));
        assertFalse(authenticator.checkValid("agent-b", "agent-a", pwA), "taking over another agent's session");
        assertFalse(authenticator.checkValid("agent-a", "agent-a", "pw-b".getBytes(StandardCharsets.UTF_8)));
        assertFalse(authenticator.checkValid("pmr-collector", "pmr-collector",
                "guess".getBytes(StandardCharsets.UTF_8)), "the collector's identity is not in the file");
        assertTrue(authenticator.checkValid("pmr-collector", "pmr-collector",
                "secret".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1L, authenticator.refused().get("client_id_mismatch"));
        assertEquals(2L, authenticator.refused().get("bad_password"));
    }
}
