package io.pmr.collector;

import io.pmr.collector.store.StoreLocation;
import io.pmr.testkit.PostgresCluster;

/**
 * {@link CollectorEndToEndTest} with the collector's store in PostgreSQL: MQTT, the ingest pipeline, one transaction
 * per batch, the Ack after commit, and the report from the database alone (a throw-away cluster's database per test).
 */
class PostgresCollectorEndToEndTest extends CollectorEndToEndTest {
    private StoreLocation location;

    @Override
    StoreLocation store() {
        if (location == null) {
            PostgresCluster cluster = PostgresCluster.shared();
            location = new StoreLocation.Postgres("127.0.0.1", cluster.port(), cluster.createDatabase(), "",
                    cluster.user(), cluster.password());
        }
        return location;
    }
}
