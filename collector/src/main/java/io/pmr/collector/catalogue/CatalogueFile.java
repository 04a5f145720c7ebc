package io.pmr.collector.catalogue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one catalogue file as read, so that what is parsed and what is fingerprinted are the same bytes.
 *
 * @param name           the file's name in a catalogue folder, e.g. {@code service-credits.csv}
 * @param label          where it came from, for messages: a path or {@code classpath:catalogue/...}
 * @param bytes          the file's content (not copied: callers never modify it)
 * @param shippedDefault true when the folder lacked the file and the shipped one stands in for it
 */
record CatalogueFile(String name, String label, byte[] bytes, boolean shippedDefault) {

    /** The content as UTF-8 text; a file that is not UTF-8 fails the load. */
    String text() {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CatalogueException(label + ": not UTF-8 text", e);
        }
    }

    /** {@code label:line: column: what} */
    CatalogueException problem(int lineNumber, String column, String what) {
        return new CatalogueException(label + ":" + lineNumber + ": " + column + ": " + what);
    }

    CatalogueException problem(int lineNumber, FieldProblem problem) {
        return new CatalogueException(label + ":" + lineNumber + ": " + problem.column() + ": " + problem.getMessage(),
                problem);
    }
}
