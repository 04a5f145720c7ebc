package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.imports.Exclusion;

/**
 * Counts per-device records into a figure, the same way for every measure counted from records ({@link
 * WithinTrtFigures}, {@link SmwanLevelFigures}): each record's agent is a source of the figure; a record its agent
 * excluded counts under the agent's reason and in neither figure nor the counts before exclusions; any other counts
 * before imported exclusions, then in the figure unless an imported window or device exclusion of the measure removes
 * it (counted under that exclusion's reason, its file among the figure's). Which records belong to the period is the
 * caller's choice. Not thread-safe: one per figure computed.
 */
final class RecordTally {
    private final FigureDraft draft;
    private final Exclusions exclusions;
    private final String agentExcludedReason;
    private long withinBefore;
    private long countedBefore;

    /**
     * @param agentExcludedReason the reason a record its agent excluded is counted under
     */
    RecordTally(FigureDraft draft, Exclusions exclusions, String agentExcludedReason) {
        this.draft = draft;
        this.exclusions = exclusions;
        this.agentExcludedReason = agentExcludedReason;
    }

    /**
     * One record, one counted thing (an event, an alert, a hub-day).
     *
     * @return whether it counted in the figure (neither its agent nor an imported exclusion removed it)
     */
    boolean record(DeviceRecord record) {
        draft.agents.add(record.agentId());
        if (record.excludedByAgent()) {
            agentExcluded();
            return false;
        }
        return counted(record, record.withinTrt());
    }

    /** One thing its agent excluded (the agents of its records already added): in neither figure. */
    void agentExcluded() {
        draft.exclude(agentExcludedReason, 1);
    }

    /**
     * One thing its agents did not exclude, judged for imported exclusions on {@code judged} (the agents of its records
     * already added): counted before exclusions, and in the figure unless an imported exclusion removes it.
     *
     * @return whether it counted in the figure
     */
    boolean counted(DeviceRecord judged, boolean withinTrt) {
        return counted(judged, withinTrt, withinTrt);
    }

    /**
     * As {@link #counted(DeviceRecord, boolean)} for a thing made of several (a hub's payloads), within TRT before
     * imported exclusions ({@code withinBefore}) and, if it stays, after them ({@code withinKept}).
     */
    boolean counted(DeviceRecord judged, boolean withinBefore, boolean withinKept) {
        countedBefore++;
        this.withinBefore += withinBefore ? 1 : 0;
        Exclusion exclusion = exclusions.forRecord(judged);
        if (exclusion != null) {
            draft.exclude(exclusion.reason(), 1);
            draft.files.add(exclusion.source().text());
            return false;
        }
        draft.denominator++;
        draft.numerator += withinKept ? 1 : 0;
        return true;
    }

    /** The things counted within TRT (connected) before imported exclusions. */
    long withinBefore() {
        return withinBefore;
    }

    /** The things counted before imported exclusions (the agents' own exclusions are never in it). */
    long countedBefore() {
        return countedBefore;
    }
}
