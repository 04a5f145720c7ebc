package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.model.TrtRule;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent measures with, read together from one catalogue so the two cannot disagree: the TRT of each measured
 * kind, and the rule of each kind whose TRT is not a plain duration (a UK wall-clock deadline or an hours condition).
 * An agent given the durations without the rules would declare a rule kind's nominal duration, and the collector would
 * refuse its status ({@code trt_mismatch}); {@link AgentSettings.Builder#kindTrts} sets both at once. Immutable;
 * validated as {@link AgentSettings} validates its fields.
 *
 * @param trts  the TRT of each measured kind (as {@link AgentSettings#trts()})
 * @param rules the rule of each kind whose TRT is not a plain duration (as {@link AgentSettings#rules()}); empty for
 *              the classic kinds
 */
public record KindTrts(Map<EventKind, Duration> trts, Map<EventKind, TrtRule> rules) {

    public KindTrts {
        Objects.requireNonNull(trts, "trts must not be null");
        Objects.requireNonNull(rules, "rules must not be null");
        EnumMap<EventKind, Duration> trtsCopy = new EnumMap<>(EventKind.class);
        trtsCopy.putAll(trts);
        trts = Collections.unmodifiableMap(trtsCopy);
        EnumMap<EventKind, TrtRule> rulesCopy = new EnumMap<>(EventKind.class);
        rulesCopy.putAll(rules);
        rules = Collections.unmodifiableMap(rulesCopy);
    }
}
