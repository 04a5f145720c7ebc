package io.pmr.collector.store;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM of its own for {@link LargeImportTest}: imports one file into one database the way {@code pmr collector
 * import} does (a stream into {@link SqliteStore#storeImport}), prints the summary and exits 0; anything thrown exits
 * non-zero. Arguments: KIND FILE DB.
 */
final class ImportChild {
    private ImportChild() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
                SqliteStore store = SqliteStore.open(Path.of(args[2]))) {
            ImportOutcome outcome = store.storeImport(new ImportParser(Catalogue.shipped())
                    .stream(ImportKind.parse(args[0]), file.toString(), in), System.currentTimeMillis());
            System.out.println(outcome.summary());
        }
    }
}
