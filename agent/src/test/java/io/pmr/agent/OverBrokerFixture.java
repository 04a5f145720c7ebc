package io.pmr.agent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of agents over a real broker share: an embedded broker on an ephemeral port, a {@link TestCollector}
 * on it and a scheduler for the agents, fresh for each test. JUnit runs a subclass's {@code @AfterEach} (which closes
 * its agents) before {@link #closeFixture}, so the agents leave while the broker still runs.
 */
abstract class OverBrokerFixture {
    TestBroker broker;
    TestCollector collector;
    ScheduledExecutorService scheduler;

    @BeforeEach
    final void startFixture() throws Exception {
        broker = TestBroker.start();
        collector = new TestCollector(broker.url());
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    final void closeFixture() throws Exception {
        try {
            if (collector != null) {
                collector.close();
            }
        } finally {
            broker.close();
            scheduler.shutdownNow();
        }
    }
}
