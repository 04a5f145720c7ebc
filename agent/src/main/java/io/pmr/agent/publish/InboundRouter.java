package io.pmr.agent.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiConsumer;

/**
 * Routes what arrives on the agent's subscriptions: a message on the config topic to the {@link ConfigListener}; one
 * on the ack topic to the {@link Publisher.AckHandoff}, or, without a handoff, to the publisher's Ack applier right
 * there; anything else is ignored.
 *
 * <p>Threading: called on Paho's callback thread; never throws (a throw there would make Paho drop the connection), so
 * an applier's failure is logged and the Ack changes nothing.
 */
final class InboundRouter {
    private static final Logger LOG = LoggerFactory.getLogger(InboundRouter.class);

    private final String agentId;
    private final String configTopic;
    private final String ackTopic;
    private final ConfigListener configListener;
    private final Publisher.AckHandoff ackHandoff;
    private final BiConsumer<String, byte[]> ackApplier;

    /**
     * @param ackHandoff where Acks go from Paho's thread, or null to apply them there with {@code ackApplier}
     * @param ackApplier applies an Ack's payload (topic, bytes); used only without a handoff
     */
    InboundRouter(String agentId, String configTopic, String ackTopic, ConfigListener configListener,
            Publisher.AckHandoff ackHandoff, BiConsumer<String, byte[]> ackApplier) {
        this.agentId = agentId;
        this.configTopic = configTopic;
        this.ackTopic = ackTopic;
        this.configListener = configListener;
        this.ackHandoff = ackHandoff;
        this.ackApplier = ackApplier;
    }

    /** One message from the broker; {@code payload} is the untrusted bytes. */
    void messageArrived(String topic, byte[] payload) {
        if (topic.equals(configTopic)) {
            configListener.configArrived(payload);
            return;
        }
        if (!topic.equals(ackTopic)) {
            return;
        }
        if (ackHandoff == null) {
            try {
                ackApplier.accept(topic, payload);
            } catch (RuntimeException e) {
                // Throwing here would make Paho drop the connection; a bad ack must not do that.
                LOG.warn("agent {}: could not apply an Ack on {}: {}", agentId, topic, e.toString());
            }
        } else {
            ackHandoff.ackArrived(topic, payload);
        }
    }
}
