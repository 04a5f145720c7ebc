package io.pmr.collector.catalogue;

/**
 * A problem with one field of a catalogue line, before the file and line are known. The loader turns it into a
 * {@link CatalogueException} reading {@code file:line: column: what is wrong}.
 */
final class FieldProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String column;

    FieldProblem(String column, String what) {
        super(what);
        this.column = column;
    }

    FieldProblem(String column, String what, Throwable cause) {
        super(what, cause);
        this.column = column;
    }

    String column() {
        return column;
    }
}
