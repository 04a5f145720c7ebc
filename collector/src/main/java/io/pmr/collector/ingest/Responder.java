package io.pmr.collector.ingest;

import io.pmr.proto.v1.Ack;

/** Talks back to the broker after a commit. Implementations never throw: failures are logged. */
interface Responder {
    /** Acknowledges the message to the broker (MQTT PUBACK). */
    void complete(Inbound inbound);

    /** Publishes an application-level Ack to an agent; true when handed to the MQTT client. */
    boolean publishAck(String agentId, Ack ack);
}
