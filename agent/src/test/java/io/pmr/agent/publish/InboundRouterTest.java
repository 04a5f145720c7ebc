package io.pmr.agent.publish;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What arrives on the agent's subscriptions goes where it belongs, and nothing thrown reaches Paho's thread. */
class InboundRouterTest {
    private static final String CONFIG = "pmr/v1/a1/config";
    private static final String ACK = "pmr/v1/a1/ack";

    private final List<String> configs = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();
    private final List<String> handedOff = new ArrayList<>();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private InboundRouter router(boolean withHandoff) {
        return new InboundRouter("a1", CONFIG, ACK, payload -> configs.add(text(payload)),
                withHandoff ? (topic, payload) -> handedOff.add(topic + " " + text(payload)) : null,
                (topic, payload) -> {
                    if (text(payload).equals("poison")) {
                        throw new IllegalStateException("cannot apply");
                    }
                    applied.add(topic + " " + text(payload));
                });
    }

    @Test
    void configsGoToTheListenerAndAcksAreAppliedOnTheSpotWithoutAHandoff() {
        InboundRouter router = router(false);
        router.messageArrived(CONFIG, bytes("c1"));
        router.messageArrived(ACK, bytes("k1"));
        assertEquals(List.of("c1"), configs);
        assertEquals(List.of(ACK + " k1"), applied);
    }

    @Test
    void anAckThatCannotBeAppliedIsLoggedNotThrownAndTheNextIsApplied() {
        InboundRouter router = router(false);
        assertDoesNotThrow(() -> router.messageArrived(ACK, bytes("poison")));
        router.messageArrived(ACK, bytes("k2"));
        assertEquals(List.of(ACK + " k2"), applied);
    }

    @Test
    void withAHandoffAcksLeavePahosThreadUnapplied() {
        InboundRouter router = router(true);
        router.messageArrived(ACK, bytes("k1"));
        router.messageArrived(CONFIG, bytes("c1"));
        assertEquals(List.of(ACK + " k1"), handedOff);
        assertEquals(List.of(), applied);
        assertEquals(List.of("c1"), configs);
    }

    @Test
    void anyOtherTopicIsIgnored() {
        InboundRouter router = router(true);
        InboundRouter direct = router(false);
        for (String topic : List.of("pmr/v1/a1/status", "pmr/v1/a2/ack", ACK + "/x", "pmr/v1/a2/config")) {
            router.messageArrived(topic, bytes("m"));
            direct.messageArrived(topic, bytes("m"));
        }
        assertEquals(List.of(), handedOff);
        assertEquals(List.of(), applied);
        assertEquals(List.of(), configs);
    }
}
