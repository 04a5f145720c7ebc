package io.pmr.collector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete response: status, content type, body and extra headers. */
record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";
    static final String CSV = "text/csv; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final ObjectMapper MAPPER = new ObjectMapper();

    static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ApiResponse json(Object value) {
        try {
            return new ApiResponse(200, JSON, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value),
                    Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code {"error": message, "status": status, ...}} with the given extra fields. */
    static ApiResponse error(int status, String message, Map<String, ?> fields) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", message);
        node.put("status", status);
        fields.forEach((k, v) -> node.set(k, MAPPER.valueToTree(v)));
        return json(node).withStatus(status);
    }

    static ApiResponse error(int status, String message) {
        return error(status, message, Map.of());
    }

    ApiResponse withStatus(int newStatus) {
        return new ApiResponse(newStatus, contentType, body, headers);
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, body, Map.copyOf(more));
    }
}
