package io.pmr.collector.http;

import io.pmr.collector.data.AgentSummary;
import io.pmr.collector.data.ActivityData;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Maps a request to its handler and answers the errors of the contract: unknown path 404, wrong method 405 with
 * {@code Allow}. Runs on worker threads. Read endpoints need no token; {@code POST /api/imports/{kind}} does.
 */
final class Routes {
    private static final String GET = "GET";
    private static final String POST = "POST";
    private static final String IMPORTS = "/api/imports/";
    private static final String PERIODS = "/api/periods/";

    private final PeriodRoutes periods;
    private final ImportRoute imports;
    private final Metrics metrics;
    private final ActivityData store;
    private final Clock clock;

    Routes(PeriodRoutes periods, ImportRoute imports, Metrics metrics, ActivityData store, Clock clock) {
        this.periods = periods;
        this.imports = imports;
        this.metrics = metrics;
        this.store = store;
        this.clock = clock;
    }

    ApiResponse handle(ApiRequest request) {
        String path = request.path();
        if (path.equals("/metrics")) {
            return get(request, () -> new ApiResponse(200, Metrics.CONTENT_TYPE, metrics.render(), java.util.Map.of()));
        }
        if (path.equals("/api/periods")) {
            return get(request, periods::list);
        }
        if (path.equals("/api/agents")) {
            return get(request, this::agents);
        }
        if (path.startsWith(IMPORTS) && path.length() > IMPORTS.length()) {
            if (!request.method().equals(POST)) {
                return methodNotAllowed(request, POST);
            }
            return imports.handle(path.substring(IMPORTS.length()), request);
        }
        if (path.startsWith(PERIODS) && path.length() > PERIODS.length()) {
            return get(request, () -> periods.handle(path.substring(PERIODS.length())));
        }
        return ApiResponse.error(404, "no such path '" + path + "'", Map.of("path", path));
    }

    private static ApiResponse get(ApiRequest request, Supplier<ApiResponse> handler) {
        return request.method().equals(GET) ? handler.get() : methodNotAllowed(request, GET);
    }

    private static ApiResponse methodNotAllowed(ApiRequest request, String allow) {
        return ApiResponse.error(405, "method " + request.method() + " not allowed on '" + request.path()
                + "': use " + allow, Map.of("path", request.path())).withHeader("Allow", allow);
    }

    private ApiResponse agents() {
        long now = clock.millis();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AgentSummary agent : store.agents()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("agent", agent.agentId());
            row.put("bootEpoch", agent.bootEpoch());
            row.put("state", agent.state());
            row.put("softwareVersion", agent.softwareVersion());
            row.put("region", agent.region());
            row.put("measures", agent.measures());
            row.put("lastHeardEpochMillis", agent.lastHeardEpochMillis());
            row.put("lastHeard", Instant.ofEpochMilli(agent.lastHeardEpochMillis()).toString());
            row.put("ageSeconds", Metrics.ageSeconds(now, agent));
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", Instant.ofEpochMilli(now).toString());
        body.put("agents", rows);
        return ApiResponse.json(body);
    }
}
