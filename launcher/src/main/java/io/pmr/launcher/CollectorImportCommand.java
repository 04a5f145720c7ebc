package io.pmr.launcher;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.CatalogueException;
import io.pmr.collector.imports.ImportException;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code pmr collector import KIND FILE}: checks a CSV file of what no agent measures and stores it in the collector's
 * database, whole or not at all. Exit 0 when stored (also when nothing changed), not 0 when the file, catalogue or
 * database is unusable (exit 7, input refused; an unknown kind is a usage error, exit 2; then the first problems and
 * their count are printed to stderr and nothing is stored). The
 * file is read and staged row by row, so its size is bounded by the disk, not the heap. Formats: docs/imports.md.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports a CSV file of what no agent measures into the collector database.",
                "Imports a CSV file of incidents, availability windows, supplied ratios/counts, power outage",
                "events, exclusions or commentary (reasons and mitigations of figures below target) into the",
                "collector database (see docs/imports.md). A file with any bad line is rejected whole, every bad",
                "line listed; importing the same file again changes nothing."})
final class CollectorImportCommand implements Callable<Integer> {
    static final int BAD_INPUT = ExitCode.INPUT_REFUSED.code();

    @Parameters(index = "0", paramLabel = "KIND",
            description = "incidents, availability, ratios, power-outages, exclusions or commentary.")
    String kind;

    @Parameters(index = "1", paramLabel = "FILE", description = "The CSV file (UTF-8, header line first).")
    Path file;

    @picocli.CommandLine.Mixin
    StoreOptions database = new StoreOptions();

    @Option(names = "--catalogue", description = "Measure catalogue (default: the shipped one).")
    Path catalogue;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    CollectorImportCommand() {
        this(Clock.systemUTC());
    }

    CollectorImportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean newDatabase = database.file() != null && !Files.exists(database.file());
        ImportKind importKind;
        try {
            importKind = ImportKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "KIND " + e.getMessage());
        }
        try {
            Catalogue measures = catalogue == null ? Catalogue.shipped() : Catalogue.load(catalogue);
            ImportOutcome outcome;
            // read as it is stored: a file of millions of rows takes the memory of a chunk of them
            try (InputStream in = Files.newInputStream(file); SqliteStore store = SqliteStore.open(database.location())) {
                outcome = store.storeImport(new ImportParser(measures).stream(importKind, file.toString(),
                        new BufferedInputStream(in, 64 * 1024)), clock.millis());
            }
            out.println(outcome.summary());
            out.flush();
            return 0;
        } catch (ImportException e) {
            err.printf("rejected %s: %d problem(s) on %d line(s); nothing was stored%n", file, e.problemCount(),
                    e.lineCount());
            e.problems().forEach(err::println);
            if (e.problemCount() > e.problems().size()) {
                err.printf("... and %d more problem(s) not listed%n", e.problemCount() - e.problems().size());
            }
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + CliErrors.fileProblem(e));
        } catch (UncheckedIOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException | CatalogueException | StoreException e) {
            err.println(e.getMessage());
        }
        if (newDatabase) {
            removeEmptyDatabase();
        }
        err.flush();
        return BAD_INPUT;
    }

    /** A rejected import into a database that did not exist leaves none (the store had to open one to stage). */
    private void removeEmptyDatabase() {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                Path file = database.file();
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException e) {
                spec.commandLine().getErr().println("cannot remove the empty database " + database + suffix + ": "
                        + e.getMessage());
            }
        }
    }
}
