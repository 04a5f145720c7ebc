package io.pmr.agent.correlate;

import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.model.TrtRule;

/**
 * The {@link Correlator}'s starts of kinds whose TRT is a {@linkplain Measures#rule rule} (the SMKI measures): an event
 * started outside the rule's hours counts nowhere but {@link #outsideHours()}, and its id is remembered so that its end
 * is dropped; one that counts takes the wall-clock deadline the rule gives its start (its {@link RuleDay}, worked out
 * once a UK day), kept whole beside the ring and in its kind's deadline heap.
 *
 * <p>Threading: the record path's thread only, like the {@link Correlator} that owns it.
 */
final class RuledStarts {
    private final Measures measures;
    private final IntervalTable intervals;
    private final PendingEvents pending;
    private final Timeouts timeouts;
    private final DownWindows downWindows;
    /** Per kind with a rule, the rule's answers for the current UK day (null until the kind's first ruled start). */
    private final RuleDay[] ruleDays = new RuleDay[EventKind.every().length];
    /** Ids of events started outside their rule's hours, so their ends are dropped, not counted as unknown. */
    private final RecentlyExpired outsideHoursIds = new RecentlyExpired(Timeouts.RECENTLY_EXPIRED);
    private long outsideHours;

    RuledStarts(Measures measures, IntervalTable intervals, PendingEvents pending, Timeouts timeouts,
                DownWindows downWindows) {
        this.measures = measures;
        this.intervals = intervals;
        this.pending = pending;
        this.timeouts = timeouts;
        this.downWindows = downWindows;
    }

    /**
     * Starts an event of a measured kind, its id not pending, whose first read of the schedule gave a rule or a TRT of
     * 0: reads the schedule again (a change between its two reads, rule then none, reads both again).
     *
     * @return -1 when done (started under the rule, or outside its hours); else the plain TRT the schedule now gives
     * ({@code >= 0}), for the caller's usual start
     */
    long start(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
               long startEpochNanos) {
        long trtNanos;
        TrtRule rule;
        do {
            trtNanos = measures.plainTrtNanos(kind, startEpochNanos);
            rule = trtNanos < 0 ? measures.rule(kind, startEpochNanos) : null;
        } while (trtNanos < 0 && rule == null);
        if (rule == null) {
            return trtNanos;
        }
        RuleDay ruleDay = ruleDayOf(kind.ordinal());
        if (!ruleDay.counts(rule, startEpochNanos)) {
            outsideHoursIds.add(messageId);
            outsideHours++;
            return -1;
        }
        IntervalCell cell = intervals.cellFor(kind, variant, startEpochNanos);
        cell.started();
        long deadline = ruleDay.deadlineEpochNanos(rule, startEpochNanos);
        pending.insertWholeDeadline(messageId, startEpochNanos, deadline, cell.id(), deviceId, groupId);
        timeouts.startedRuled(kind.ordinal(), messageId, deadline);
        if (kind.availabilityProbe()) {
            downWindows.started(kind, messageId, startEpochNanos);
        }
        return -1;
    }

    /** Whether the id is among the last ones started outside their rule's hours (its end is dropped). */
    boolean startedOutsideHours(long messageId) {
        return outsideHoursIds.contains(messageId);
    }

    /** Events started outside the hours of their kind's rule. */
    long outsideHours() {
        return outsideHours;
    }

    private RuleDay ruleDayOf(int kind) {
        RuleDay day = ruleDays[kind];
        if (day == null) {
            day = new RuleDay();
            ruleDays[kind] = day;
        }
        return day;
    }
}
