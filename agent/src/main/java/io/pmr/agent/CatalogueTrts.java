package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.TrtRule;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The TRT of each event kind, read from the catalogue, so the rig's truth, the agents' verdicts and the
 * collector's validation all use the one value the user edited. The catalogue is a lookup of measure id to TRT: the
 * collector's {@code Catalogue::trt} where the launcher runs the collector too, or, for {@code pmr agent}, the
 * model's {@link io.pmr.model.MeasureTrts} (the agent side never loads collector code).
 */
public final class CatalogueTrts {
    private CatalogueTrts() {
    }

    /**
     * What agents and the rig measure with, read from one catalogue's TRT column (every rule, fixed or not), so the
     * durations and the rules cannot come from different catalogues or be half given: for the whole simulation every
     * kind's TRT ({@link #whole}, each rule kind's duration from its rule: {@link #withRuleDurations}) with the rules
     * that are not a plain duration ({@link #rules}); else the classic kinds' TRTs ({@link #of}) and no rules.
     *
     * @param catalogue       measure id to TRT rule: {@code Catalogue::trtRule}, or the model's
     *                        {@link io.pmr.model.MeasureTrts#shippedRules()} / {@code loadRules} for {@code pmr agent}
     * @param wholeSimulation every kind, else the five classic ones
     * @throws IllegalArgumentException as {@link #whole}, {@link #rules} or {@link #of}
     */
    public static KindTrts measured(Function<String, Optional<TrtRule>> catalogue, boolean wholeSimulation) {
        Function<String, Optional<Duration>> fixed = id -> catalogue.apply(id).filter(TrtRule::isFixed)
                .map(TrtRule::duration);
        if (!wholeSimulation) {
            return new KindTrts(of(fixed), Map.of());
        }
        Map<EventKind, TrtRule> rules = rules(catalogue);
        return new KindTrts(withRuleDurations(whole(fixed), rules), rules);
    }

    /** {@link #measured(Function, boolean)} of a map of measure id to TRT rule. */
    public static KindTrts measured(Map<String, TrtRule> catalogue, boolean wholeSimulation) {
        return measured(id -> Optional.ofNullable(catalogue.get(id)), wholeSimulation);
    }

    /**
     * The TRTs of the five classic kinds (RTT2/3/4, CAT2, CAT3), each required in the catalogue.
     *
     * @throws IllegalArgumentException if a measure the rig feeds has no TRT, or if the regions disagree
     *                                  on a kind's TRT (the simulated rig applies one TRT per kind)
     */
    public static Map<EventKind, Duration> of(Function<String, Optional<Duration>> catalogue) {
        return read(catalogue, false);
    }

    /** {@link #of(Function)} of a map of measure id to TRT. */
    public static Map<EventKind, Duration> of(Map<String, Duration> catalogue) {
        return of(id -> Optional.ofNullable(catalogue.get(id)));
    }

    /**
     * Every kind's TRT, for the whole simulation, each required in the catalogue (the shipped one sets
     * placeholders), except the availability probes' timeout: the catalogue's when set, else the kind's default.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public static Map<EventKind, Duration> whole(Function<String, Optional<Duration>> catalogue) {
        return read(catalogue, true);
    }

    /** {@link #whole(Function)} of a map of measure id to TRT. */
    public static Map<EventKind, Duration> whole(Map<String, Duration> catalogue) {
        return whole(id -> Optional.ofNullable(catalogue.get(id)));
    }

    private static Map<EventKind, Duration> read(Function<String, Optional<Duration>> catalogue, boolean whole) {
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.every()) {
            if (!kind.classic() && !whole) {
                continue;
            }
            for (Region region : Region.values()) {
                if (!kind.measuredIn(region)) {
                    continue;
                }
                String id = kind.measureId(region);
                // An availability probe's or the daily SMWAN check's timeout is the agent's own (availability measures
                // have no TRT); every other kind takes the catalogue's, the one the collector checks batches against:
                // a default here would have the collector quarantine every batch of the measure.
                // An SMKI kind whose shipped TRT is not a plain duration (TSP/PM1.1, PM1.7) has no catalogue duration
                // when the catalogue keeps the rule: its rule comes from rules(), its duration from the rule there.
                Duration trt = kind.availabilityProbe() || kind.smwanLevel() || !kind.defaultRule().isFixed()
                        ? catalogue.apply(id).orElse(kind.defaultTrt())
                        : catalogue.apply(id).orElseThrow(() -> new IllegalArgumentException(
                                "catalogue measure " + id + " has no trt: set it in the catalogue's trt column"));
                Duration previous = trts.putIfAbsent(kind, trt);
                if (previous != null && !previous.equals(trt)) {
                    throw new IllegalArgumentException("catalogue trt of " + id + " is " + trt + " but another region's "
                            + kind + " measure has " + previous + ": the simulated rig needs one trt per kind");
                }
            }
        }
        return trts;
    }

    /**
     * The TRT rules of the whole simulation's kinds that are not a plain duration in the catalogue (a UK wall-clock
     * deadline or an hours condition: {@code TSP/PM1.1} {@code by 06:59 next day in 07:00-18:00}, {@code TSP/PM1.7}
     * {@code 15s in core hours} in the shipped one), for {@code AgentSettings.rules}; a kind whose catalogue TRT is a
     * plain duration is not in it ({@link #whole} has it).
     *
     * @throws IllegalArgumentException if the measure of a kind whose shipped TRT is a rule (TSP/PM1.1, PM1.7) has no
     *                                  trt at all, or the regions disagree
     */
    public static Map<EventKind, TrtRule> rules(Function<String, Optional<TrtRule>> catalogue) {
        Map<EventKind, TrtRule> rules = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.every()) {
            if (kind.availabilityProbe() || kind.classic()) {
                continue;
            }
            for (Region region : Region.values()) {
                if (!kind.measuredIn(region)) {
                    continue;
                }
                String id = kind.measureId(region);
                Optional<TrtRule> rule = catalogue.apply(id);
                if (rule.isEmpty()) {
                    if (!kind.defaultRule().isFixed()) { // whole() let it fall back: its TRT is required here
                        throw new IllegalArgumentException("catalogue measure " + id
                                + " has no trt: set it in the catalogue's trt column");
                    }
                    continue; // whole() names it
                }
                if (rule.get().isFixed()) {
                    continue;
                }
                TrtRule previous = rules.putIfAbsent(kind, rule.get());
                if (previous != null && !previous.equals(rule.get())) {
                    throw new IllegalArgumentException("catalogue trt of " + id + " is " + rule.get() + " but another"
                            + " region's " + kind + " measure has " + previous + ": the simulated rig needs one per kind");
                }
            }
        }
        return rules;
    }

    /** {@link #rules(Function)} of a map of measure id to TRT rule. */
    public static Map<EventKind, TrtRule> rules(Map<String, TrtRule> catalogue) {
        return rules(id -> Optional.ofNullable(catalogue.get(id)));
    }

    /**
     * {@code trts} with each rule kind's duration taken from its rule (so a simulated rig times {@code 20s in core
     * hours} with 20 s); a wall-clock deadline keeps the kind's nominal duration. A new map.
     */
    public static Map<EventKind, Duration> withRuleDurations(Map<EventKind, Duration> trts,
            Map<EventKind, TrtRule> rules) {
        Map<EventKind, Duration> merged = new EnumMap<>(EventKind.class);
        merged.putAll(trts);
        rules.forEach((kind, rule) -> {
            if (rule.duration() != null && merged.containsKey(kind)) {
                merged.put(kind, rule.duration());
            }
        });
        return merged;
    }
}
