package io.pmr.mqtt;

import java.io.IOException;

/** A broker a contract test runs the session against: plain or secured, restartable on the same port. */
interface TestBroker extends AutoCloseable {
    /** {@code tcp://} or {@code ssl://} on 127.0.0.1. */
    String url();

    /** Stops the broker (dropping every connection) and starts it again on the same port. */
    void restart() throws IOException;

    @Override
    void close();
}
