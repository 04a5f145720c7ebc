package io.pmr.collector.imports;

import java.util.List;

/**
 * An import file was rejected whole: nothing of it was stored. {@link #problems()} lists the first
 * {@link ImportProblems#LISTED} problems as {@code file:line: column: what is wrong}, in file order;
 * {@link #problemCount()} counts them all.
 */
public final class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;
    private final long problemCount;
    private final long lineCount;

    /** Problems all listed, each on its own line. */
    public ImportException(List<String> problems) {
        this(problems, problems.size(), problems.size());
    }

    /**
     * @param problems     the listed problems, file order
     * @param problemCount every problem, listed or not
     * @param lineCount    lines with a problem
     */
    public ImportException(List<String> problems, long problemCount, long lineCount) {
        super(problemCount + " problem(s)" + (problemCount > problems.size() ? ", first " + problems.size() : "")
                + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
        this.problemCount = problemCount;
        this.lineCount = lineCount;
    }

    /** The first problems (all of them when {@link #problemCount()} is their number), file order. */
    public List<String> problems() {
        return problems;
    }

    /** Every problem of the file, including those not listed. */
    public long problemCount() {
        return problemCount;
    }

    /** How many lines of the file have a problem. */
    public long lineCount() {
        return lineCount;
    }
}
