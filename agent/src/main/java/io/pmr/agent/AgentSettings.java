package io.pmr.agent;

import io.pmr.mqtt.BrokerUrls;
import io.pmr.mqtt.MqttSecurity;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.TrtRule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable configuration of one agent, validated at construction (messages name the field).
 *
 * @param agentId           the agent's id, an MQTT topic level: {@code [A-Za-z0-9._-]{1,64}}
 * @param region            the region whose measures this agent is the source of
 * @param brokerUrl         Paho server URI, e.g. {@code tcp://127.0.0.1:1883}
 * @param dataDir           where the boot epoch, sequence high-water mark, outbox, Paho state and .hlog live
 * @param trts              the TRT of each measured kind; a kind not listed is not measured (its events are rejected)
 * @param publishEvery      how often (on the port's clock) final intervals are written and sent as one batch
 * @param resendAfter       an envelope not acknowledged by the collector within this (real time) is re-sent
 * @param maxOutboxMessages bound of the on-disk outbox; when reached, batches wait in memory (never dropped)
 * @param publishCopies     how many times each envelope is published (fault injection; 1 in production)
 * @param security          TLS and password for a secured broker (MQTT username = agentId), or null for a plain,
 *                          anonymous one; requires an {@code ssl://} brokerUrl
 * @param replayFromStart   the port delivers its source from the beginning at every start (the in-process
 *                          simulated rig, a TCP rig from frame 1): the agent then recomputes everything and writes
 *                          only the intervals its outbox's sent-interval ledger does not hold, so a crash (kill -9,
 *                          power cut) at any point loses nothing and counts nothing twice; it neither takes up nor
 *                          writes pending/open-window snapshots, and a stop sends no partial intervals (the next
 *                          run's replay recomputes them). False: the port resumes where it stopped (a tap with its
 *                          checkpoint), and a graceful stop carries the open state over in snapshots.
 * @param rules             the TRT rule of each measured kind whose TRT is not a plain duration (a UK wall-clock
 *                          deadline or an hours condition, {@code TSP/PM1.1}, {@code TSP/PM1.7}); it wins over the
 *                          kind's entry in {@code trts}, and a kind listed here is measured even when {@code trts}
 *                          does not list it; empty by default
 */
public record AgentSettings(String agentId, Region region, String brokerUrl, Path dataDir,
        Map<EventKind, Duration> trts, Duration publishEvery, Duration resendAfter, int maxOutboxMessages,
        int publishCopies, MqttSecurity security, boolean replayFromStart, Map<EventKind, TrtRule> rules) {

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public AgentSettings {
        Objects.requireNonNull(agentId, "agentId must not be null");
        if (!AGENT_ID.matcher(agentId).matches()) {
            throw new IllegalArgumentException("agentId '" + agentId + "' must match [A-Za-z0-9._-]{1,64}");
        }
        Objects.requireNonNull(region, "region must not be null");
        Objects.requireNonNull(brokerUrl, "brokerUrl must not be null");
        BrokerUrls.check("brokerUrl", brokerUrl);
        Objects.requireNonNull(dataDir, "dataDir must not be null");
        Objects.requireNonNull(trts, "trts must not be null");
        if (trts.isEmpty()) {
            throw new IllegalArgumentException("trts must name at least one event kind");
        }
        EnumMap<EventKind, Duration> copy = new EnumMap<>(EventKind.class);
        trts.forEach((kind, trt) -> {
            Objects.requireNonNull(kind, "trts must not contain a null kind");
            if (trt == null || trt.isNegative() || trt.isZero()) {
                throw new IllegalArgumentException("trts[" + kind + "] must be positive, was " + trt);
            }
            copy.put(kind, trt);
        });
        trts = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(rules, "rules must not be null");
        EnumMap<EventKind, TrtRule> ruleCopy = new EnumMap<>(EventKind.class);
        rules.forEach((kind, rule) -> {
            Objects.requireNonNull(kind, "rules must not contain a null kind");
            if (rule == null) {
                throw new IllegalArgumentException("rules[" + kind + "] must not be null");
            }
            ruleCopy.put(kind, rule);
        });
        rules = Collections.unmodifiableMap(ruleCopy);
        requirePositive(publishEvery, "publishEvery");
        requirePositive(resendAfter, "resendAfter");
        if (maxOutboxMessages < 1) {
            throw new IllegalArgumentException("maxOutboxMessages must be at least 1, was " + maxOutboxMessages);
        }
        if (publishCopies < 1) {
            throw new IllegalArgumentException("publishCopies must be at least 1, was " + publishCopies);
        }
        if (security != null && !brokerUrl.startsWith("ssl://")) {
            throw new IllegalArgumentException("brokerUrl '" + brokerUrl + "' must start with ssl:// when security"
                    + " is set (a password never travels in clear)");
        }
    }

    private static void requirePositive(Duration value, String field) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }

    /** The default TRTs of the measures a HAN port reports (RTT2 22 h, RTT3 2 h, RTT4 25 s, CAT2 30 s, CAT3 60 s). */
    public static Map<EventKind, Duration> defaultTrts() {
        return EventKind.defaultTrts();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String agentId;
        private Region region;
        private String brokerUrl;
        private Path dataDir;
        private Map<EventKind, Duration> trts = defaultTrts();
        private Duration publishEvery = Duration.ofSeconds(60);
        private Duration resendAfter = Duration.ofSeconds(10);
        private int maxOutboxMessages = 100_000;
        private int publishCopies = 1;
        private MqttSecurity security;
        private boolean replayFromStart;
        private Map<EventKind, TrtRule> rules = Map.of();

        private Builder() {
        }

        public Builder agentId(String value) { this.agentId = value; return this; }
        public Builder region(Region value) { this.region = value; return this; }
        public Builder brokerUrl(String value) { this.brokerUrl = value; return this; }
        public Builder dataDir(Path value) { this.dataDir = value; return this; }
        public Builder trts(Map<EventKind, Duration> value) { this.trts = value; return this; }
        public Builder trt(EventKind kind, Duration trt) {
            EnumMap<EventKind, Duration> copy = new EnumMap<>(EventKind.class);
            copy.putAll(trts);
            copy.put(kind, trt);
            this.trts = copy;
            return this;
        }
        public Builder publishEvery(Duration value) { this.publishEvery = value; return this; }
        public Builder resendAfter(Duration value) { this.resendAfter = value; return this; }
        public Builder maxOutboxMessages(int value) { this.maxOutboxMessages = value; return this; }
        public Builder publishCopies(int value) { this.publishCopies = value; return this; }
        public Builder security(MqttSecurity value) { this.security = value; return this; }
        public Builder replayFromStart(boolean value) { this.replayFromStart = value; return this; }
        /** TRT rules that are not a plain duration, by kind; each wins over the kind's entry in {@link #trts}. */
        public Builder rules(Map<EventKind, TrtRule> value) { this.rules = value; return this; }

        /**
         * The TRTs and the rules read from one catalogue ({@link #trts} and {@link #rules} at once): what a caller
         * measuring from a catalogue uses, so it cannot give the durations and forget the rules.
         */
        public Builder kindTrts(KindTrts value) {
            this.trts = value.trts();
            this.rules = value.rules();
            return this;
        }

        public AgentSettings build() {
            return new AgentSettings(agentId, region, brokerUrl, dataDir, trts, publishEvery, resendAfter,
                    maxOutboxMessages, publishCopies, security, replayFromStart, rules);
        }
    }
}
