package io.pmr.agent.publish;

import io.pmr.model.Topics;
import io.pmr.mqtt.MqttSecurity;

/**
 * What the publisher needs to know.
 *
 * @param agentId          MQTT client id and the topic level under {@code pmr/v1/}
 * @param brokerUrl        Paho server URI
 * @param resendAfterNanos an envelope not acknowledged this long after its last publish is published again
 * @param publishCopies    publishes of each envelope (fault injection; 1 in production)
 * @param security         TLS and password for a secured broker (username = agentId), or null
 */
public record PublishConfig(String agentId, String brokerUrl, long resendAfterNanos, int publishCopies,
        MqttSecurity security) {

    public PublishConfig(String agentId, String brokerUrl, long resendAfterNanos, int publishCopies) {
        this(agentId, brokerUrl, resendAfterNanos, publishCopies, null);
    }

    /** This agent's topic with the given suffix, e.g. {@code pmr/v1/{agentId}/ack}. */
    public String topic(Topics.Suffix suffix) {
        return Topics.of(agentId, suffix);
    }

    /** This agent's topic with the given suffix level, e.g. {@code status}, as an outbox entry names it. */
    public String topic(String suffix) {
        return Topics.PREFIX + agentId + "/" + suffix;
    }
}
