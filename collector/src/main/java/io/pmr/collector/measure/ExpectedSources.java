package io.pmr.collector.measure;

import io.pmr.collector.data.SourceDeclaration;
import io.pmr.collector.data.SourceExpectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which agents a measure's figure for a period waits for, and since when each agent has been a source of it.
 *
 * <p>An agent is an <b>expected source</b> of measure {@code m} for period {@code P} when
 * <ul>
 *   <li>a declaration of {@code m} by it was in force at some instant of {@code [start of the previous period, end of
 *       P)}: the agent's latest declaration at or before that window's start, or any it made inside the window
 *       (an agent stays a source of what it declared until it declares otherwise or is retired); or</li>
 *   <li>an operator named it for {@code m} ({@code pmr collector agents expect ID --measure m}), or for every measure
 *       ({@code expect ID}) and it declared {@code m} before the end of {@code P};</li>
 * </ul>
 * unless the latest operator entry for the agent and {@code m} (named or every measure) retires it. The operator's
 * latest entry wins over declarations. Retiring never removes data: what a retired agent sent still counts.
 *
 * <p>Confined to one report computation (not thread-safe).
 */
final class ExpectedSources {
    private final Map<String, List<SourceDeclaration>> declarationsByAgent = new TreeMap<>();
    private final List<SourceExpectation> log;

    ExpectedSources(List<SourceDeclaration> declarations, List<SourceExpectation> log) {
        for (SourceDeclaration declaration : declarations) {
            declarationsByAgent.computeIfAbsent(declaration.agentId(), k -> new ArrayList<>()).add(declaration);
        }
        declarationsByAgent.values().forEach(list -> list.sort(java.util.Comparator
                .comparingLong(SourceDeclaration::declaredAtEpochMillis)
                .thenComparingLong(SourceDeclaration::bootEpoch).thenComparingLong(SourceDeclaration::sequence)));
        this.log = List.copyOf(log);
    }

    /** The expected sources of a measure for a period: agent id -> why it is expected, sorted by agent. */
    Map<String, String> expected(String measureId, MeasurePeriod period) {
        long windowStart = period.previous().startEpochMillis();
        long end = period.endEpochMillis();
        Map<String, String> expected = new TreeMap<>();
        declarationsByAgent.forEach((agent, declarations) -> {
            SourceDeclaration inForceAtStart = null;
            boolean declared = false;
            for (SourceDeclaration declaration : declarations) {
                if (declaration.declaredAtEpochMillis() <= windowStart) {
                    inForceAtStart = declaration;
                } else if (declaration.declaredAtEpochMillis() < end) {
                    declared |= declaration.measureIds().contains(measureId);
                }
            }
            declared |= inForceAtStart != null && inForceAtStart.measureIds().contains(measureId);
            if (declared) {
                expected.put(agent, "declared it");
            }
        });
        Map<String, SourceExpectation> latest = new TreeMap<>();
        for (SourceExpectation entry : log) {
            if (entry.covers(measureId)) {
                latest.put(entry.agentId(), entry);
            }
        }
        latest.forEach((agent, entry) -> {
            if (entry.action() == SourceExpectation.Action.RETIRE) {
                expected.remove(agent);
            } else if (!entry.measureId().equals(SourceExpectation.EVERY_MEASURE)
                    || firstDeclared(agent, measureId) < end) {
                expected.putIfAbsent(agent, "named by pmr collector agents expect");
            }
        });
        return expected;
    }

    /** When the agent first declared the measure (UTC epoch millis), or {@link Long#MAX_VALUE} if never. */
    long firstDeclared(String agentId, String measureId) {
        for (SourceDeclaration declaration : declarationsByAgent.getOrDefault(agentId, List.of())) {
            if (declaration.measureIds().contains(measureId)) {
                return declaration.declaredAtEpochMillis();
            }
        }
        return Long.MAX_VALUE;
    }

    /** Every agent that ever declared the measure, with its first declaration, sorted by agent. */
    Map<String, Long> declaringAgents(String measureId) {
        Map<String, Long> agents = new TreeMap<>();
        for (String agent : declarationsByAgent.keySet()) {
            long first = firstDeclared(agent, measureId);
            if (first != Long.MAX_VALUE) {
                agents.put(agent, first);
            }
        }
        return agents;
    }
}
