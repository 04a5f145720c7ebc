package io.pmr.collector.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportProblemsTest {
    @Test
    void keepsTheFirstHundredByLineWhateverOrderTheyArriveInAndCountsAll() {
        ImportProblems problems = new ImportProblems("f.csv", "incident_id");
        for (int line = 1_000; line >= 2; line--) {
            problems.add(line, "category", "bad");
        }
        problems.duplicateKey(1_001, 7, "\"INC7\"");
        ImportException e = problems.exception();
        assertEquals(1_000, e.problemCount());
        assertEquals(1_000, e.lineCount());
        assertEquals(ImportProblems.LISTED, e.problems().size());
        assertEquals("f.csv:2: category: bad", e.problems().get(0));
        assertEquals("f.csv:101: category: bad", e.problems().get(99));
    }

    @Test
    void problemsOfOneLineKeepTheirOrderAndCountAsOneLine() {
        ImportProblems problems = new ImportProblems("f.csv", "incident_id");
        problems.add(3, "raised_at", "blank");
        problems.add(3, "category", "bad");
        problems.duplicateKey(2, 1, "\"A,B\"");
        ImportException e = problems.exception();
        assertEquals(List.of("f.csv:2: incident_id: duplicate key A,B (first on line 1)", "f.csv:3: raised_at: blank",
                "f.csv:3: category: bad"), e.problems());
        assertEquals(2, e.lineCount());
        assertEquals(3, e.problemCount());
    }
}
