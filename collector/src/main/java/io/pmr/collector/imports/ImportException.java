package io.pmr.collector.imports;

import java.util.List;

/**
 * An import file was rejected whole: nothing of it was stored. {@link #problems()} lists every bad line as
 * {@code file:line: column: what is wrong}, in file order.
 */
public final class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public ImportException(List<String> problems) {
        super(problems.size() + " problem(s): " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one per bad line and column, as {@code file:line: column: what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
