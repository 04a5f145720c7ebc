package io.pmr.launcher;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run's agents wrote against what one store holds, per agent: every agent acknowledged everything it wrote,
 * and the store holds exactly its envelopes (by key), plus at most its last will. Stateless past {@link #check}.
 *
 * @param written envelopes the agents wrote (their final {@code envelopesWritten} counters)
 * @param wills agents' last wills in the store (a status the broker published for the agent, never in an outbox)
 */
record AgentLedger(long written, long wills) {
    private static final Pattern CLOSED = Pattern.compile(
            "agent (\\S+) closed: AgentCounters\\[.*\\benvelopesWritten=(\\d+),.*\\backed=(\\d+),");

    /** Asserts the ledger of each of the run's {@code agents} agents against {@code contents}; the totals. */
    static AgentLedger check(FaultRun run, SharedStore.Contents contents, int agents) {
        Map<String, long[]> closed = closedCounters(run);
        assertEquals(agents, closed.size(), "every agent logged its final counters: " + closed.keySet());
        long written = 0;
        long wills = 0;
        for (Map.Entry<String, long[]> agent : closed.entrySet()) {
            long agentWritten = agent.getValue()[0];
            assertEquals(agentWritten, agent.getValue()[1], agent.getKey() + ": every envelope it wrote was"
                    + " acknowledged");
            List<String> agentKeys = contents.keys().keySet().stream().filter(k -> k.startsWith(agent.getKey() + "/"))
                    .sorted(Comparator.comparingLong(k -> Long.parseUnsignedLong(k.substring(k.lastIndexOf('/') + 1))))
                    .toList();
            if (agentKeys.size() == agentWritten + 1) {
                // Its last will, published by the broker when the agent's connection went without a DISCONNECT (the
                // broker's restart): an OFFLINE_UNEXPECTED status under the first key of its boot, never in its outbox.
                String will = agentKeys.get(0);
                assertTrue(contents.keys().get(will).endsWith(" STATUS"), agent.getKey() + ": the one key it did not"
                        + " write is its will, the status under its boot's first sequence: " + will + " "
                        + contents.keys().get(will));
                wills++;
            } else {
                assertEquals(agentWritten, agentKeys.size(), agent.getKey() + ": the store holds every envelope it"
                        + " wrote, none lost, none it did not write");
            }
            written += agentWritten;
        }
        assertTrue(written > 0, "the agents wrote envelopes");
        assertEquals(written + wills, contents.keys().size(), "the store holds nothing the agents did not write (but"
                + " their wills)");
        return new AgentLedger(written, wills);
    }

    /** Envelopes the run's agents wrote, from the counters each logged at close. */
    static long writtenAtClose(FaultRun run) {
        return closedCounters(run).values().stream().mapToLong(counters -> counters[0]).sum();
    }

    /**
     * Per agent id, {envelopesWritten, acked} from the line each agent logs when it has closed ({@code agent ID
     * closed: AgentCounters[...]}): after its graceful OFFLINE status and last batch, which the line printed on stdout
     * before the close does not count yet.
     */
    private static Map<String, long[]> closedCounters(FaultRun run) {
        Map<String, long[]> counters = new LinkedHashMap<>();
        for (FaultProcess agent : run.agents().values()) {
            Matcher matcher = CLOSED.matcher(agent.stdout() + agent.stderr());
            while (matcher.find()) {
                counters.put(matcher.group(1), new long[] {Long.parseLong(matcher.group(2)),
                        Long.parseLong(matcher.group(3))});
            }
        }
        return counters;
    }
}
