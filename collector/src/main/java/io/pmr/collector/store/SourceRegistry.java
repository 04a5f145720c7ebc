package io.pmr.collector.store;

import io.pmr.collector.data.SourceDeclaration;
import io.pmr.collector.data.SourceExpectation;
import java.util.List;

/**
 * The expected sources of measures: what agents declared, and what operators said with {@code pmr collector agents
 * expect|retire}. Durable on return; any thread.
 */
public interface SourceRegistry {

    /**
     * Appends one entry per (agent, measure) in one transaction; an empty {@code measureIds} means every measure the
     * agent declares ({@link SourceExpectation#EVERY_MEASURE}).
     *
     * @return the entries recorded, in order
     * @throws StoreException if the transaction failed; then nothing was recorded
     */
    List<SourceExpectation> recordExpectations(List<String> agentIds, List<String> measureIds,
            SourceExpectation.Action action, long recordedAtEpochMillis);

    /** Every entry ever recorded, oldest first. */
    List<SourceExpectation> sourceExpectations();

    /** Every declaration agents made, ordered by agent, time, boot epoch and sequence. */
    List<SourceDeclaration> sourceDeclarations();
}
