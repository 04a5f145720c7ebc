package io.pmr.collector.data;

import java.util.Objects;
import java.util.Set;

/**
 * One status message in which an agent declared the measures it is the source of ({@code AgentStatus.measures} of its
 * birth message). A later declaration of the same agent replaces it.
 *
 * @param declaredAtEpochMillis the envelope's creation time: the agent's port clock when it was born (the rig's clock
 *                              in a simulation), UTC epoch millis; for an agent's first declaration, the start of the
 *                              earliest interval or record it sent when that is earlier (a tap reading an older log)
 * @param measureIds            the measures it declared (never empty: a status without measures is no declaration)
 */
public record SourceDeclaration(String agentId, long declaredAtEpochMillis, long bootEpoch, long sequence,
        Set<String> measureIds) {
    public SourceDeclaration {
        Objects.requireNonNull(agentId, "agentId");
        measureIds = Set.copyOf(measureIds);
    }
}
