package io.pmr.launcher;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.CatalogueException;
import io.pmr.collector.data.SourceDeclaration;
import io.pmr.collector.data.SourceExpectation;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code pmr collector agents expect|retire|list}: which agents a measure's figures wait for before they are final.
 * Agents that declared a measure stay expected sources of it; an operator names sources the collector has never heard
 * from ({@code expect}) and retires those that are gone for good ({@code retire}). Entries are appended to the
 * database's log, never changed; the latest entry for an agent and measure decides (docs/methodology.md, Finality).
 * Exit 0 on success, 2 on bad input (nothing recorded).
 */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = {"Declares which agents' reports the figures wait for: expect, retire, list.",
                "Expected sources of the measures: 'expect' names agents whose reports figures wait for,",
                "'retire' stops waiting for them (their data still counts), 'list' shows declarations and the log."},
        subcommands = {CollectorAgentsCommand.Expect.class, CollectorAgentsCommand.Retire.class,
                CollectorAgentsCommand.ListSources.class})
final class CollectorAgentsCommand implements Callable<Integer> {
    static final int BAD_INPUT = ExitCode.USAGE.code();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return BAD_INPUT;
    }

    /** Shared by expect and retire. */
    abstract static class Change implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Agent ids.")
        List<String> agentIds;

        @Option(names = "--measure", paramLabel = "MEASURE", description = "Only this measure (repeatable); default:"
                + " every measure the agent declares.")
        List<String> measureIds = new ArrayList<>();

        @picocli.CommandLine.Mixin
        StoreOptions database = new StoreOptions();

        @Option(names = "--catalogue", description = "Measure catalogue, to check --measure (default: the shipped one).")
        Path catalogue;

        @Spec
        CommandSpec spec;

        private final Clock clock;

        Change(Clock clock) {
            this.clock = clock;
        }

        abstract SourceExpectation.Action action();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<String> problems = problems();
                if (!problems.isEmpty()) {
                    problems.forEach(err::println);
                    err.println("nothing was recorded");
                    err.flush();
                    return BAD_INPUT;
                }
                try (SqliteStore store = SqliteStore.open(database.location())) {
                    if (action() == SourceExpectation.Action.EXPECT && measureIds.isEmpty()) {
                        List<String> undeclared = new ArrayList<>(agentIds);
                        store.sourceDeclarations().forEach(d -> undeclared.remove(d.agentId()));
                        if (!undeclared.isEmpty()) {
                            err.println("agents " + undeclared + " have never declared their measures to this"
                                    + " collector: name the measures they are expected for with --measure; nothing was"
                                    + " recorded");
                            err.flush();
                            return BAD_INPUT;
                        }
                    }
                    for (SourceExpectation entry : store.recordExpectations(agentIds, measureIds, action(),
                            clock.millis())) {
                        out.println("recorded #" + entry.id() + ": " + entry.action().code() + " " + entry.agentId()
                                + " for " + (entry.measureId().equals(SourceExpectation.EVERY_MEASURE)
                                ? "every measure it declares" : entry.measureId()));
                    }
                }
                out.flush();
                return 0;
            } catch (StoreException e) {
                err.println(e.getMessage());
                err.flush();
                return ExitCode.INPUT_REFUSED.code();
            } catch (CatalogueException | IllegalArgumentException e) {
                err.println(e.getMessage());
                err.flush();
                return BAD_INPUT;
            }
        }

        private List<String> problems() {
            List<String> problems = new ArrayList<>();
            for (String agent : agentIds) {
                if (agent.isBlank() || agent.chars().anyMatch(c -> c == '+' || c == '#' || c == '/'
                        || Character.isWhitespace(c) || Character.isISOControl(c))) {
                    problems.add("agent id '" + agent.replaceAll("\\p{Cntrl}", "?")
                            + "': must be non-empty, without spaces, control characters, '/', '+' or '#'");
                }
            }
            if (!measureIds.isEmpty()) {
                Catalogue measures = catalogue == null ? Catalogue.shipped() : Catalogue.load(catalogue);
                for (String measure : measureIds) {
                    if (measures.measure(measure).isEmpty()) {
                        problems.add("--measure '" + measure + "' is not a measure of the catalogue "
                                + measures.source());
                    }
                }
            }
            return problems;
        }
    }

    @Command(name = "expect", mixinStandardHelpOptions = true,
            description = {"Expects these agents' reports for the measures.",
                "Figures of the measures wait for these agents' reports before they are final",
                    "(without --measure: every measure each agent has declared)."})
    static final class Expect extends Change {
        Expect() {
            super(Clock.systemUTC());
        }

        Expect(Clock clock) {
            super(clock);
        }

        @Override
        SourceExpectation.Action action() {
            return SourceExpectation.Action.EXPECT;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = {"Figures no longer wait for these agents (gone for good); what they sent still counts."})
    static final class Retire extends Change {
        Retire() {
            super(Clock.systemUTC());
        }

        Retire(Clock clock) {
            super(clock);
        }

        @Override
        SourceExpectation.Action action() {
            return SourceExpectation.Action.RETIRE;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Each agent's latest declaration, the operators' decision per measure, and the log."})
    static final class ListSources implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StoreOptions database = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (database.refusedAsMissing(spec.commandLine().getErr())) {
                return ExitCode.INPUT_REFUSED.code();
            }
            try (SqliteStore store = SqliteStore.open(database.location())) {
                Map<String, SourceDeclaration> latest = new TreeMap<>();
                for (SourceDeclaration declaration : store.sourceDeclarations()) {
                    latest.put(declaration.agentId(), declaration);
                }
                List<SourceExpectation> log = store.sourceExpectations();
                Map<String, Map<String, SourceExpectation>> decided = new TreeMap<>();
                for (SourceExpectation entry : log) {
                    decided.computeIfAbsent(entry.agentId(), k -> new LinkedHashMap<>()).put(entry.measureId(), entry);
                }
                out.println("agent,latest_declaration_at,declared_measures,operator_decisions");
                java.util.Set<String> agents = new java.util.TreeSet<>(latest.keySet());
                agents.addAll(decided.keySet());
                for (String agent : agents) {
                    SourceDeclaration declaration = latest.get(agent);
                    List<String> decisions = new ArrayList<>();
                    decided.getOrDefault(agent, Map.of()).forEach((measure, entry) ->
                            decisions.add(entry.action().code() + " " + measure + " (#" + entry.id() + ")"));
                    out.println(agent + "," + (declaration == null ? "never" : instant(declaration
                            .declaredAtEpochMillis())) + "," + (declaration == null ? ""
                            : String.join(" ", new java.util.TreeSet<>(declaration.measureIds()))) + ","
                            + String.join("; ", decisions));
                }
                out.println();
                out.println("log: id,recorded_at,action,agent,measure");
                for (SourceExpectation entry : log) {
                    out.println(entry.id() + "," + instant(entry.recordedAtEpochMillis()) + "," + entry.action().code()
                            + "," + entry.agentId() + "," + entry.measureId());
                }
                out.flush();
                return 0;
            } catch (StoreException e) {
                spec.commandLine().getErr().println(e.getMessage());
                spec.commandLine().getErr().flush();
                return ExitCode.INPUT_REFUSED.code();
            }
        }

        private static String instant(long epochMillis) {
            return epochMillis == Long.MIN_VALUE ? "unknown" : Instant.ofEpochMilli(epochMillis).toString();
        }
    }
}
