package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's one connection and its transactions: the work of a call runs under this object's monitor and is
 * committed whole, or rolled back whole on failure ({@link #transaction}); a closed store refuses work
 * ({@link #checkOpen}). {@link SqliteStore} builds its operations on it; being the same object, its
 * {@code synchronized} methods and {@link #transaction} share one monitor, so no two calls use the connection at once.
 */
abstract class StoreTransactions {
    /** The store's name in logs and errors: the file, or the PostgreSQL database without its password. */
    final String file;
    final Dialect dialect;
    final Connection connection;
    /** Set once by {@link SqliteStore#close()}; read and written under the monitor. */
    boolean closed;

    StoreTransactions(String file, Dialect dialect, Connection connection) {
        this.file = file;
        this.dialect = dialect;
        this.connection = connection;
    }

    /** Whatever the store keeps about the open transaction is dropped before it is rolled back. */
    abstract void rolledBack();

    /** Runs the work under the lock and commits it; on failure rolls back, so nothing of it is kept. */
    synchronized <T> T transaction(String what, SqlWork<T> work) {
        checkOpen();
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new StoreException(what + " in " + file + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Rolls the open transaction back and opens the next one ({@link Dialect#rollback}). */
    final void rollback() {
        rolledBack();
        dialect.rollback(connection, file);
    }

    final void checkOpen() {
        if (closed) {
            throw new StoreException("store " + file + " is closed");
        }
    }

    /** SQL work inside the store's transaction, given its connection. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }
}
