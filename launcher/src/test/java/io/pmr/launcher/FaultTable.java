package io.pmr.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The suite's result table (Markdown), one row per fault, filled as the runs finish. Thread-safe. */
final class FaultTable {
    record Row(String fault, String run, String messagesAffected, long lost, long countedTwice, boolean exact) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("| fault | run | messages affected | lost | counted twice | figures exact |\n");
        text.append("|---|---|---|---:|---:|---|\n");
        for (Row row : rows) {
            text.append("| ").append(row.fault()).append(" | ").append(row.run()).append(" | ")
                    .append(row.messagesAffected()).append(" | ").append(row.lost()).append(" | ")
                    .append(row.countedTwice()).append(" | ").append(row.exact() ? "yes" : "NO").append(" |\n");
        }
        return text.toString();
    }

    /** Writes the table under a Markdown heading naming the suite, and prints it with the file's name. */
    void write(Path file, String title) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# " + title + "\n\n" + markdown(), StandardCharsets.UTF_8);
        System.out.println(title + " (" + file + "):\n" + markdown());
    }
}
