package io.pmr.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/** Large, seeded incidents import files (docs/imports.md's incidents CSV) for tests of big imports. */
public final class IncidentsFile {
    private IncidentsFile() {
    }

    /**
     * Writes {@code rows} distinct incidents (ids {@code INC00000000} up) raised in September 2020, about one in fifty
     * excluded as planned, from {@code seed}; returns {@code file}.
     */
    public static Path write(Path file, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        Instant start = Instant.parse("2020-09-01T00:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason\n");
            for (int i = 0; i < rows; i++) {
                Instant raised = start.plusSeconds(random.nextInt(29 * 86_400));
                Instant resolved = raised.plusSeconds(60 + random.nextInt(86_400));
                out.write(String.format(Locale.ROOT, "INC%08d,%d,%s,%s,,%s%n", i, 1 + random.nextInt(5), raised,
                        resolved, random.nextInt(50) == 0 ? "planned" : ""));
            }
        }
        return file;
    }
}
