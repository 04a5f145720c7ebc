package io.pmr.collector.ingest;

import io.pmr.proto.v1.Ack;

/** Talks back to the agents after a commit. Implementations never throw: failures are logged. */
interface Responder {
    /** Publishes an application-level Ack to an agent; true when handed to the MQTT client. */
    boolean publishAck(String agentId, Ack ack);

    /**
     * Publishes, retained, the agent's {@code AgentConfig} (its TRTs from the catalogue) on
     * {@code pmr/v1/{agentId}/config}; called for each status of the agent stored or found already stored (a birth at
     * every agent connect, every retained status again at every ingest subscribe), so a config reaches agents known
     * and new, and is back after a broker lost its retained messages. Idempotent. The default publishes nothing (a
     * responder with no broker).
     */
    default void publishConfig(String agentId) {
    }
}
