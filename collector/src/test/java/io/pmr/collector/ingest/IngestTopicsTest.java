package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pmr.proto.v1.Envelope;
import org.junit.jupiter.api.Test;

class IngestTopicsTest {

    @Test
    void theTopicNamesAnAgentExactlyWhenItsIdEqualsTheCopiedOutId() {
        String[] topics = {"pmr/v1/a/intervals", "pmr/v1/ab/status", "pmr/v1/agent-1/events", "pmr/v1/+/intervals"};
        String[] ids = {"a", "ab", "b", "abc", "a/", "agent-1", "agent-10", "agent-", "+", "pmr", "intervals"};
        for (String topic : topics) {
            Topics.Parsed parsed = Topics.parse(topic);
            for (String id : ids) {
                assertEquals(parsed.agentId().equals(id), parsed.namesAgent(id), topic + " / " + id);
            }
        }
        assertEquals("agent-1", Topics.parse("pmr/v1/agent-1/events").agentId());
        assertEquals(Envelope.BodyCase.EVENTS, Topics.parse("pmr/v1/agent-1/events").kind());
    }

    @Test
    void onlyTheAgentsTopicsParse() {
        assertNull(Topics.parse("pmr/v1/a/ack"));
        assertNull(Topics.parse("pmr/v1/a/config"));
        assertNull(Topics.parse("pmr/v1/a/intervalsx"));
        assertNull(Topics.parse("pmr/v1/a/interval"));
        assertNull(Topics.parse("pmr/v1//intervals"));
        assertNull(Topics.parse("pmr/v1/a/b/intervals"));
        assertNull(Topics.parse(null));
        assertEquals(Envelope.BodyCase.STATUS, Topics.parse("pmr/v1/a/status").kind());
        assertEquals(Envelope.BodyCase.INTERVALS, Topics.parse("pmr/v1/a/intervals").kind());
    }
}
