package io.pmr.collector.ingest;

import io.pmr.proto.v1.Ack;

/** Talks back to the agents after a commit. Implementations never throw: failures are logged. */
interface Responder {
    /** Publishes an application-level Ack to an agent; true when handed to the MQTT client. */
    boolean publishAck(String agentId, Ack ack);
}
