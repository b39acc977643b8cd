package org.xenemu.scenarios.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.scenarios.ScenarioResult;
import org.xenemu.scenarios.ScenarioRuns;
import org.xenemu.web.ApiErrors;
import org.xenemu.web.Problems;

/**
 * {@code /api/v1/scenarios} (docs/api.md "Scenarios and snapshots"; docs/scenarios.md "Running
 * it"): submit a scenario document (JSON or YAML), follow it, read its series, summary and report —
 * the same bytes as the command line's files — and cancel or forget it. dom0 only. An invalid
 * document is 400 EINVAL whose {@code detail} is the parser's one line and whose {@code field}
 * member is the field it names.
 */
@RestController
@RequestMapping("/api/v1/scenarios")
@Tag(name = "scenarios", description = "Scenario documents run on private hosts: series, summary, report")
@ApiErrors
class ScenarioController {
    static final String TEXT_CSV = "text/csv";

    private final ScenarioRuns runs;

    ScenarioController(ScenarioRuns runs) {
        this.runs = runs;
    }

    @PostMapping
    @Operation(summary = "Submit a scenario document (application/json or application/yaml); dom0 only",
            description = "201 with Location and {id, state}; it runs in the background on private hosts. "
                    + "An invalid document is 400 EINVAL naming the field (detail, and the member field); "
                    + "409 EBUSY when every kept scenario is still running.")
    ResponseEntity<?> submit(Caller caller, HttpServletRequest request) throws IOException {
        ScenarioRuns.Submission s;
        try (InputStream body = request.getInputStream()) {
            s = runs.submit(caller, body, request.getContentType());
        }
        if (s.refused().isPresent()) {
            ScenarioRuns.Refusal r = s.refused().get();
            ResponseEntity<ProblemDetail> problem = Problems.response(400, Errno.EINVAL, r.detail(),
                    request.getRequestURI());
            ProblemDetail body = problem.getBody();
            if (body != null) {
                body.setProperty("field", r.field());
            }
            return problem;
        }
        ScenarioRuns.Status status = s.accepted().orElseThrow();
        return ResponseEntity.created(URI.create("/api/v1/scenarios/" + status.id()))
                .body(new Created(status.id(), status.state().wireName()));
    }

    @GetMapping
    @Operation(summary = "Every kept scenario, oldest first; dom0 only")
    List<StatusView> list(Caller caller) {
        return runs.list(caller).stream().map(StatusView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A scenario's state (running, done, failed, cancelled), progress and times; dom0 only")
    StatusView status(Caller caller, @PathVariable String id) {
        return StatusView.of(runs.status(caller, id));
    }

    @GetMapping("/{id}/series")
    @Operation(summary = "The series: text/csv (default) or application/json; dom0 only",
            description = "409 EBUSY while the scenario runs, or when it failed or was cancelled.")
    void series(Caller caller, @PathVariable String id, @RequestHeader(value = HttpHeaders.ACCEPT, required = false)
            @Nullable String accept, HttpServletResponse response) throws IOException {
        ScenarioResult result = runs.result(caller, id);
        if (wantsJson(accept)) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            result.writeSeriesJson(response.getOutputStream());
        } else {
            response.setContentType(TEXT_CSV + ";charset=UTF-8");
            result.writeSeriesCsv(response.getOutputStream());
        }
    }

    @GetMapping("/{id}/summary")
    @Operation(summary = "The summary (per domain, fleet, per variant), as JSON; dom0 only")
    void summary(Caller caller, @PathVariable String id, HttpServletResponse response) throws IOException {
        ScenarioResult result = runs.result(caller, id);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        result.writeSummaryJson(response.getOutputStream());
    }

    @GetMapping("/{id}/report")
    @Operation(summary = "The report: one self-contained HTML page with plots; dom0 only")
    void report(Caller caller, @PathVariable String id, HttpServletResponse response) throws IOException {
        ScenarioResult result = runs.result(caller, id);
        response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
        result.writeReport(response.getOutputStream());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    @Operation(summary = "Cancel a running scenario (it stays, cancelled) or forget a finished one; dom0 only")
    void delete(Caller caller, @PathVariable String id) {
        runs.delete(caller, id);
    }

    /** JSON when asked for it before CSV (or alone); CSV otherwise, the default. */
    static boolean wantsJson(@Nullable String accept) {
        if (accept == null) {
            return false;
        }
        for (MediaType m : MediaType.parseMediaTypes(accept)) {
            if (m.isCompatibleWith(MediaType.APPLICATION_JSON) && !m.isWildcardType()) {
                return true;
            }
            if (m.getType().equals("text") && m.getSubtype().equals("csv")) {
                return false;
            }
        }
        return false;
    }

    record Created(String id, String state) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusView(String id, String name, String state, double progress, double virtualSeconds,
                      double wallSeconds, @Nullable String error) {
        static StatusView of(ScenarioRuns.Status s) {
            return new StatusView(s.id(), s.name(), s.state().wireName(), s.progress(), s.virtualSeconds(),
                    s.wallSeconds(), s.error().orElse(null));
        }
    }
}
