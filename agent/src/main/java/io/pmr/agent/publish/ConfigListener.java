package io.pmr.agent.publish;

/**
 * Told of each message on the agent's config topic {@code pmr/v1/{agentId}/config} (an {@code AgentConfig} from the
 * collector, retained, so one arrives at every subscription too). The connection subscribes to that topic beside the
 * ack topic on every connect; this hook is all the config needs from it.
 *
 * <p>Threading: called on Paho's callback thread; must neither block nor throw (a throw would drop the connection).
 */
@FunctionalInterface
public interface ConfigListener {
    /** Ignores every config: an agent with only its own TRTs. */
    ConfigListener NONE = payload -> {
    };

    /** A config message arrived; {@code payload} is the untrusted bytes, the listener's to keep. */
    void configArrived(byte[] payload);
}
