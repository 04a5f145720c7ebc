package io.pmr.collector.http;

import io.pmr.collector.imports.ImportException;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/imports/{kind}?file=name}: the body is the CSV (at most {@link HttpSettings#maxRequestBytes()}),
 * read and stored row by row, all rows or none; a rejection lists the first {@code ImportProblems.LISTED} problems
 * and counts them all. A write, so it needs
 * {@code Authorization: Bearer <token>}: without a configured token the endpoint is disabled (403); a missing or wrong
 * token is 401 with {@code WWW-Authenticate}. Tokens are compared in constant time (as SHA-256 digests, so their
 * lengths leak nothing either) and never appear in a log line or a response.
 */
final class ImportRoute {
    private static final Logger LOG = LoggerFactory.getLogger(ImportRoute.class);
    private static final String BEARER = "Bearer ";
    private static final int MAX_FILE_NAME = 200;

    private final CollectorView collector;
    private final byte[] tokenDigest;

    ImportRoute(CollectorView collector, String token) {
        this.collector = collector;
        this.tokenDigest = token == null ? null : sha256(token);
    }

    ApiResponse handle(String kindText, ApiRequest request) {
        if (tokenDigest == null) {
            return ApiResponse.error(403, "write endpoints are disabled: the collector has no API token configured");
        }
        String authorization = request.authorization();
        if (authorization == null || !authorization.startsWith(BEARER)
                || !MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(BEARER.length()).strip()))) {
            LOG.warn("Refused import {}: {} bearer token", kindText, authorization == null ? "no" : "a wrong");
            return ApiResponse.error(401, "a valid bearer token is required to import")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"pmr\"");
        }
        ImportKind kind;
        try {
            kind = ImportKind.parse(kindText);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(404, e.getMessage(), Map.of("kind", kindText));
        }
        String file = request.query().getOrDefault("file", "http-" + kind.code() + ".csv");
        if (file.isBlank() || file.length() > MAX_FILE_NAME || !file.chars().noneMatch(Character::isISOControl)) {
            return ApiResponse.error(400, "file must be 1.." + MAX_FILE_NAME + " characters without control"
                    + " characters");
        }
        try {
            ImportOutcome outcome = collector.importFile(kind, file, request.body());
            LOG.info("HTTP import: {}", outcome.summary());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("importId", outcome.record().importId());
            body.put("kind", outcome.record().kind());
            body.put("file", outcome.record().file());
            body.put("sha256", outcome.record().sha256());
            body.put("importedAtEpochMillis", outcome.record().importedAtEpochMillis());
            body.put("rows", outcome.record().rows());
            body.put("changedRows", outcome.record().changedRows());
            body.put("newRows", outcome.newRows());
            body.put("correctedRows", outcome.correctedRows());
            body.put("unchangedRows", outcome.unchangedRows());
            body.put("summary", outcome.summary());
            return ApiResponse.json(body);
        } catch (ImportException e) {
            return ApiResponse.error(400, "import rejected, nothing stored: " + e.problemCount() + " problem(s) on "
                    + e.lineCount() + " line(s)", Map.of("kind", kind.code(), "file", file, "problems", e.problems(),
                    "problemCount", e.problemCount()));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
