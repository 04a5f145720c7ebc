package io.pmr.collector.ingest;

import io.pmr.mqtt.BrokerUrls;
import io.pmr.mqtt.ClientLogin;
import java.time.Duration;

/**
 * Settings of the MQTT ingest.
 *
 * @param brokerUrl       e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId        fixed MQTT client id (the broker keeps this session across reconnects)
 * @param maxMessageBytes larger payloads are rejected
 * @param batchSize       most messages handled in one database transaction
 * @param login           TLS and credentials for a secured broker, or null (plain, anonymous)
 * @param maxClockSkew    how far beyond the collector's clock an agent's times may lie before its envelope is
 *                        refused ({@code time_out_of_range}); positive, at most 365 days, default 1 day
 * @param shareGroup      the MQTT shared subscription group this collector joins with the others that share the
 *                        agents' stream ({@code $share/GROUP/pmr/v1/+/...}), or null to subscribe alone; a valid
 *                        {@linkplain io.pmr.model.Topics#shareGroupProblem group name}
 */
public record IngestSettings(String brokerUrl, String clientId, int maxMessageBytes, int batchSize,
        ClientLogin login, Duration maxClockSkew, String shareGroup) {

    public IngestSettings(String brokerUrl, String clientId, int maxMessageBytes, int batchSize, ClientLogin login,
            Duration maxClockSkew) {
        this(brokerUrl, clientId, maxMessageBytes, batchSize, login, maxClockSkew, null);
    }

    public IngestSettings(String brokerUrl, String clientId, int maxMessageBytes, int batchSize) {
        this(brokerUrl, clientId, maxMessageBytes, batchSize, null);
    }

    public IngestSettings(String brokerUrl, String clientId, int maxMessageBytes, int batchSize, ClientLogin login) {
        this(brokerUrl, clientId, maxMessageBytes, batchSize, login, WireBounds.DEFAULT_MAX_CLOCK_SKEW);
    }

    /** Agents' clocks may run this far ahead of the collector's before their times are refused. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = WireBounds.DEFAULT_MAX_CLOCK_SKEW;

    /** Checks an allowed clock skew (positive, at most 365 days); the message names {@code maxClockSkew}. */
    public static void checkMaxClockSkew(Duration maxClockSkew) {
        WireBounds.checkSkew(maxClockSkew);
    }

    public IngestSettings {
        BrokerUrls.check("brokerUrl", brokerUrl);
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must be set");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1, was " + maxMessageBytes);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        WireBounds.checkSkew(maxClockSkew);
        if (shareGroup != null) {
            String problem = io.pmr.model.Topics.shareGroupProblem(shareGroup);
            if (problem != null) {
                throw new IllegalArgumentException("shareGroup: " + problem);
            }
        }
    }

    /** The same settings joining the shared subscription group {@code group} (null: subscribing alone). */
    public IngestSettings withShareGroup(String group) {
        return new IngestSettings(brokerUrl, clientId, maxMessageBytes, batchSize, login, maxClockSkew, group);
    }

    /** Whether this collector shares the agents' stream with others ({@link #shareGroup} set). */
    public boolean shared() {
        return shareGroup != null;
    }

    /** The topic filters to subscribe: shared ones in a group, else every agent's status, intervals and events. */
    String[] subscriptions() {
        return shareGroup == null ? Topics.SUBSCRIPTIONS.clone()
                : io.pmr.model.Topics.sharedCollectorSubscriptions(shareGroup);
    }
}
