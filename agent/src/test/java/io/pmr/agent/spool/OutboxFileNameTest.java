package io.pmr.agent.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

/** The outbox's file names stay those {@code String.format("%020d%s")} gave (a restart finds its files by them). */
class OutboxFileNameTest {
    @Test
    void namesASequenceAsTheFormatterDid() {
        SplittableRandom random = new SplittableRandom(14);
        long[] edges = {0, 1, 9, 10, 99_999, 1L << 31, Long.MAX_VALUE, -1, Long.MIN_VALUE, -42};
        for (long sequence : edges) {
            assertEquals(String.format(Locale.ROOT, "%020d%s", sequence, ".env"), OutboxFile.fileName(sequence));
        }
        for (int i = 0; i < 10_000; i++) {
            long sequence = random.nextLong() >>> random.nextInt(64);
            assertEquals(String.format(Locale.ROOT, "%020d%s", sequence, ".env"), OutboxFile.fileName(sequence));
        }
    }
}
