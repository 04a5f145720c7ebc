package io.pmr.collector.http;

import java.util.Map;

/**
 * A request as the handlers see it, copied off Netty's buffers so that it can cross to a worker thread.
 *
 * @param path          the decoded path, without the query
 * @param query         first value of each query parameter
 * @param authorization the {@code Authorization} header, or null; never logged
 */
record ApiRequest(String method, String path, Map<String, String> query, String authorization, byte[] body) {
}
