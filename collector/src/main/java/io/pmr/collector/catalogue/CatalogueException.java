package io.pmr.collector.catalogue;

/** A catalogue that cannot be loaded; the message names the file, the line and what is wrong. */
public final class CatalogueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CatalogueException(String message) {
        super(message);
    }

    CatalogueException(String message, Throwable cause) {
        super(message, cause);
    }
}
