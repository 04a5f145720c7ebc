package io.pmr.collector.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports (report.json/csv/html, the table CSVs, hlog/) are shared files: they get the umask's mode, not 0600. */
class ExportFileModeTest {
    @TempDir
    Path dir;

    private Set<PosixFilePermission> umaskMode(Path folder) throws IOException {
        Path reference = Files.createFile(folder.resolve("reference-" + System.nanoTime()));
        try {
            return Files.getPosixFilePermissions(reference);
        } finally {
            Files.delete(reference);
        }
    }

    @Test
    void anExportHasTheModeOfAFileCreatedPlainlyInTheSameFolder() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path hlogDir = dir.resolve("hlog");
        ReportWriter.writeAtomically(dir.resolve("report.csv"), "a,b\n1,2\n");
        ReportWriter.writeAtomically(hlogDir.resolve("DSP-PM1.hlog"), "#[StartTime: 0]\n");

        Set<PosixFilePermission> expected = umaskMode(dir);
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("report.csv"))));
        assertEquals(PosixFilePermissions.toString(umaskMode(hlogDir)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(hlogDir.resolve("DSP-PM1.hlog"))));
    }

    @Test
    void rewritingReplacesTheContentAndLeavesNoTemporaryBehind() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = dir.resolve("report.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ReportWriter.writeAtomically(file, "new");

        assertEquals("new", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(PosixFilePermissions.toString(umaskMode(dir)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
