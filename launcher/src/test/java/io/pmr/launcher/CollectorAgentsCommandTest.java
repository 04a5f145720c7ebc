package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.SourceExpectation;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.MeasureSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pmr collector agents expect|retire|list}: durable, validated, listed. */
class CollectorAgentsCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void expectAndRetireAreStoredInTheDatabaseAndListed() {
        Path db = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            store.write(List.of(new StoreWrite.Accept(Envelope.newBuilder().setAgentId("agent-north").setBootEpoch(1)
                    .setSequence(1).setCreatedEpochMillis(1_598_828_400_000L)
                    .setStatus(AgentStatus.newBuilder().setState(AgentStatus.State.ONLINE).setRegion("NORTH")
                            .addMeasures(MeasureSource.newBuilder().setMeasureId("CSPN/PM4.3").setTrtMillis(25_000)))
                    .build(), 1L)));
        }
        assertEquals(0, cli.run("collector", "agents", "expect", "agent-central", "agent-south", "--measure",
                "CSPC/PM4.3", "--db", db.toString()), cli.err());
        assertEquals(0, cli.run("collector", "agents", "expect", "agent-north", "--db", db.toString()), cli.err());
        assertEquals(0, cli.run("collector", "agents", "retire", "agent-south", "--db", db.toString()), cli.err());
        assertTrue(cli.out().contains("recorded #4: retire agent-south for every measure it declares"),
                cli.out());

        try (SqliteStore store = SqliteStore.open(db)) {
            List<SourceExpectation> log = store.sourceExpectations();
            assertEquals(4, log.size());
            assertEquals(List.of("agent-central CSPC/PM4.3 EXPECT", "agent-south CSPC/PM4.3 EXPECT",
                    "agent-north * EXPECT", "agent-south * RETIRE"), log.stream()
                    .map(e -> e.agentId() + " " + e.measureId() + " " + e.action()).toList());
        }
        assertEquals(0, cli.run("collector", "agents", "list", "--db", db.toString()), cli.err());
        String listed = cli.out();
        assertTrue(listed.contains("agent-north,2020-08-30T23:00:00Z,CSPN/PM4.3,expect * (#3)"), listed);
        assertTrue(listed.contains("agent-south,never,,expect CSPC/PM4.3 (#2); retire * (#4)"), listed);
        assertTrue(listed.contains("4,"), listed);
    }

    @Test
    void aStoreThatCannotBeOpenedIsExitSevenInOneLineNamingItNotAUsageError() throws Exception {
        // a PostgreSQL server that is not there: agents answered exit 2 ("usage error") where report answers 7, and
        // both printed Flyway's multi-line dump under "cannot bring the schema ... to this version"
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "postgresql://pmr@127.0.0.1:" + closed + "/pmr";
        for (String[] command : List.of(new String[] {"collector", "agents", "list", "--db", url},
                new String[] {"collector", "agents", "retire", "agent-old", "--db", url},
                new String[] {"collector", "report", "--period", "2020-09", "--db", url})) {
            assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run(command), String.join(" ", command));
            String[] lines = cli.err().strip().split("\\R");
            assertEquals(1, lines.length, cli.err());
            assertTrue(lines[0].startsWith("cannot connect to PostgreSQL store " + url + ": Connection to 127.0.0.1:"
                    + closed + " refused"), lines[0]);
        }
        Path none = dir.resolve("none.db");
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "agents", "list", "--db", none.toString()));
        assertEquals("no database at " + none.toAbsolutePath(), cli.err().strip());
    }

    @Test
    void badInputIsRefusedWithNothingRecorded() {
        Path db = dir.resolve("pmr.db");
        assertEquals(2, cli.run("collector", "agents", "expect", "agent-central", "--measure", "CSPC/PM99",
                "--db", db.toString()));
        assertTrue(cli.err().contains("--measure 'CSPC/PM99' is not a measure of the catalogue"), cli.err());
        assertEquals(2, cli.run("collector", "agents", "expect", "bad id", "--measure", "CSPC/PM4.3", "--db",
                db.toString()));
        assertTrue(cli.err().contains("agent id 'bad id': must be non-empty"), cli.err());
        assertEquals(2, cli.run("collector", "agents", "expect", "agent-central", "--db", db.toString()));
        assertTrue(cli.err().contains("agents [agent-central] have never declared their measures to this"
                + " collector: name the measures they are expected for with --measure"), cli.err());
        try (SqliteStore store = SqliteStore.open(db)) {
            assertEquals(List.of(), store.sourceExpectations());
        }
    }
}
