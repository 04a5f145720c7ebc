package io.pmr.collector.imports;

import io.pmr.collector.catalogue.Catalogue;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and checks import files against a catalogue. A file is accepted whole or rejected whole. {@link #stream}
 * reads a file of any length row by row for the store (see {@link ImportFeed}); {@link #parse} reads a small file
 * into memory whole. Stateless and thread-safe.
 */
public final class ImportParser {
    private static final Logger LOG = LoggerFactory.getLogger(ImportParser.class);
    private final MeasureCheck measures;

    public ImportParser(Catalogue catalogue) {
        this.measures = new MeasureCheck(java.util.Objects.requireNonNull(catalogue, "catalogue"));
    }

    /**
     * A file to be read row by row as the store stages it: memory does not grow with the file.
     *
     * @param file names the file in problems and provenance (as the user gave it)
     * @param in   the file's bytes, read once to the end by {@link ImportFeed#feed}; not closed
     */
    public ImportFeed stream(ImportKind kind, String file, InputStream in) {
        return new ParsingFeed<>(kindParser(kind), file, in);
    }

    /**
     * Parses a whole file in memory (tests, small files: the rows and records are all held).
     *
     * @param file the name errors and provenance use (as the user gave it)
     * @throws ImportException listing the problems ({@code file:line: column: what is wrong}); nothing is returned
     */
    public ImportBatch parse(ImportKind kind, String file, byte[] content) {
        ImportFeed feed = stream(kind, file, new ByteArrayInputStream(content));
        List<ImportRow> rows = new ArrayList<>();
        Map<String, Integer> firstLineOfKey = new HashMap<>();
        String sha256;
        try {
            sha256 = feed.feed(row -> {
                Integer first = firstLineOfKey.putIfAbsent(row.naturalKey(), row.lineNumber());
                if (first != null) {
                    feed.problems().duplicateKey(row.lineNumber(), first, row.naturalKey());
                } else {
                    rows.add(row);
                }
            });
            if (feed.problems().any()) {
                throw feed.problems().exception();
            }
        } catch (ImportException e) {
            LOG.warn("Rejected {} import {}: {} problem(s), first: {}", kind.code(), file, e.problemCount(),
                    e.problems().get(0));
            throw e;
        }
        List<StoredImportRow> stored = rows.stream()
                .map(row -> new StoredImportRow(kind, row.values(), file, row.lineNumber(), 0)).toList();
        return new ImportBatch(kind, file, sha256, rows, ImportCodec.assemble(stored));
    }

    private KindParser<?> kindParser(ImportKind kind) {
        return switch (kind) {
            case INCIDENTS -> new IncidentParser();
            case AVAILABILITY -> new AvailabilityParser(measures);
            case RATIOS -> new RatioParser(measures);
            case POWER_OUTAGES -> new PowerOutageParser(measures);
            case EXCLUSIONS -> new ExclusionParser(measures);
            case COMMENTARY -> new CommentaryParser(measures);
        };
    }
}
