package io.pmr.collector.data;

import java.util.Locale;
import java.util.Objects;

/**
 * An operator's statement about an agent as a source, recorded by {@code pmr collector agents expect|retire} and kept
 * for good (the log is never updated or deleted). For one agent and measure the latest applicable entry decides.
 *
 * @param id                    order of recording (1, 2, ...)
 * @param measureId             the measure, or {@value #EVERY_MEASURE} for every measure the agent declares
 * @param recordedAtEpochMillis when the operator recorded it (wall clock), UTC epoch millis
 */
public record SourceExpectation(long id, String agentId, String measureId, Action action, long recordedAtEpochMillis) {
    /** The measure id of an entry about every measure the agent declares. */
    public static final String EVERY_MEASURE = "*";

    /** What the operator said. */
    public enum Action {
        /** The agent must report the measure before its figures can be final. */
        EXPECT,
        /** The agent is no longer a source: figures no longer wait for it (its stored data still counts). */
        RETIRE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Action parse(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    public SourceExpectation {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(action, "action");
    }

    /** True when this entry speaks about the measure (named, or every measure). */
    public boolean covers(String measure) {
        return measureId.equals(EVERY_MEASURE) || measureId.equals(measure);
    }
}
