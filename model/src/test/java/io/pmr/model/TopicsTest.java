package io.pmr.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicsTest {

    @Test
    void namesEveryTopicOfTheContract() {
        assertEquals("pmr/v1/agent-1/status", Topics.of("agent-1", Topics.Suffix.STATUS));
        assertEquals("pmr/v1/agent-1/intervals", Topics.of("agent-1", Topics.Suffix.INTERVALS));
        assertEquals("pmr/v1/agent-1/events", Topics.of("agent-1", Topics.Suffix.EVENTS));
        assertEquals("pmr/v1/agent-1/ack", Topics.ack("agent-1"));
        assertEquals("pmr/v1/agent-1/config", Topics.config("agent-1"));
        assertArrayEquals(new String[] {"pmr/v1/+/status", "pmr/v1/+/intervals", "pmr/v1/+/events"},
                Topics.collectorSubscriptions());
    }

    @Test
    void sharedSubscriptionsPutTheGroupBeforeEveryCollectorFilter() {
        assertArrayEquals(new String[] {"$share/pmr-collectors/pmr/v1/+/status",
                "$share/pmr-collectors/pmr/v1/+/intervals", "$share/pmr-collectors/pmr/v1/+/events"},
                Topics.sharedCollectorSubscriptions("pmr-collectors"));
        assertNull(Topics.shareGroupProblem("a"));
        assertNull(Topics.shareGroupProblem("Group_1.eu-west"));
        assertNull(Topics.shareGroupProblem("g".repeat(Topics.MAX_SHARE_GROUP_LENGTH)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a+", "#", "two words", "caf\u00e9", "tab\there", "$share"})
    void aGroupNameOutsideTheSafeSetIsRefusedSayingWhere(String group) {
        String problem = Topics.shareGroupProblem(group);
        assertTrue(problem != null && problem.startsWith("the group name"), problem);
        if (!group.isEmpty()) {
            assertTrue(problem.contains("at position"), problem);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Topics.sharedCollectorSubscriptions(group));
    }

    @Test
    void aGroupNameTooLongOrMissingIsRefused() {
        assertTrue(Topics.shareGroupProblem("g".repeat(Topics.MAX_SHARE_GROUP_LENGTH + 1)).contains("at most 64"));
        assertEquals("the group name is empty", Topics.shareGroupProblem(null));
        assertTrue(Topics.shareGroupProblem("a/b").contains("MQTT forbids"));
    }

    @Test
    void parsesWhatItNamesBack() {
        for (Topics.Suffix suffix : Topics.Suffix.values()) {
            assertEquals(new Topics.Parsed("a", suffix), Topics.parse(Topics.of("a", suffix)));
        }
        assertTrue(Topics.Suffix.STATUS.fromAgent());
        assertFalse(Topics.Suffix.CONFIG.fromAgent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pmr/v1/a/other", "pmr/v1//status", "pmr/v1/a/b/status", "pmr/v2/a/status", "pmr/v1/a",
            "pmr/v1/status", "pmr/v1/config/a/", "PMR/v1/a/status", "pmr/v1/a/Status", ""})
    void anyOtherShapeIsNull(String topic) {
        assertNull(Topics.parse(topic));
    }

    @Test
    void nullIsNull() {
        assertNull(Topics.parse(null));
    }

    @Test
    void suffixOfTakesExactlyTheTopicsParseTakes() {
        String[] topics = {"pmr/v1/a/status", "pmr/v1/a/intervals", "pmr/v1/a/events", "pmr/v1/a/ack",
            "pmr/v1/a/config", "pmr/v1/a/Status", "pmr/v1/a/statusx", "pmr/v1/a/statu", "pmr/v1/a/", "pmr/v1//ack",
            "pmr/v1/a/b/ack", "pmr/v1/a", "pmr/v2/a/ack", "pmr/v1/+/events", "", "pmr/v1/", "x/pmr/v1/a/ack"};
        for (String topic : topics) {
            Topics.Parsed parsed = Topics.parse(topic);
            assertEquals(parsed == null ? null : parsed.suffix(), Topics.suffixOf(topic), topic);
            if (parsed != null) {
                assertEquals(parsed.agentId(), topic.substring(Topics.PREFIX.length(), Topics.agentIdEnd(topic)));
            }
        }
        assertNull(Topics.suffixOf(null));
        assertEquals(Topics.Suffix.ACK, Topics.parse("pmr/v1/a/ack").suffix());
    }
}
