package org.xenemu.scenarios.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.scenarios.Cancellation;
import org.xenemu.scenarios.FakeRunner;
import org.xenemu.scenarios.Runs;
import org.xenemu.scenarios.ScenarioExecution;
import org.xenemu.scenarios.ScenarioResult;
import org.xenemu.scenarios.ScenarioRuns;
import org.xenemu.web.ControllerSlice;

@WebMvcTest(ScenarioController.class)
@ControllerSlice
class ScenarioControllerSliceTest {
    static final ScenarioRuns.Status RUNNING = new ScenarioRuns.Status("3", "fleet", ScenarioRuns.State.RUNNING, 0.25,
            21600, 1.5, Optional.empty());

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ScenarioRuns runs;

    static ScenarioResult result() {
        return ScenarioExecution.run(Runs.plan("""
                name: small
                duration: 10m
                domains: [{name: a, memoryKiB: 262144, workload: [{kind: constant, kib: 1000}]}]
                """), new FakeRunner(), 1, p -> { }, new Cancellation());
    }

    @Test
    void aSubmittedDocumentIs201WithItsLocationIdAndState() throws Exception {
        when(runs.submit(eq(Caller.DOM0), any(), eq("application/yaml")))
                .thenReturn(new ScenarioRuns.Submission(Optional.of(RUNNING), Optional.empty()));
        mvc.perform(post("/api/v1/scenarios").contentType("application/yaml").content("name: fleet\nduration: 1h\n"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/scenarios/3"))
                .andExpect(jsonPath("$.id").value("3"))
                .andExpect(jsonPath("$.state").value("running"));
    }

    @Test
    void theStatusShowsProgressAndTimesWithoutAnErrorMemberWhileFine() throws Exception {
        when(runs.status(Caller.DOM0, "3")).thenReturn(RUNNING);
        mvc.perform(get("/api/v1/scenarios/3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("fleet"))
                .andExpect(jsonPath("$.progress").value(0.25))
                .andExpect(jsonPath("$.virtualSeconds").value(21600.0))
                .andExpect(jsonPath("$.wallSeconds").value(1.5))
                .andExpect(jsonPath("$.error").doesNotExist());
    }

    @Test
    void aFailedScenarioSaysWhy() throws Exception {
        when(runs.list(Caller.DOM0)).thenReturn(List.of(new ScenarioRuns.Status("4", "f", ScenarioRuns.State.FAILED, 0.5,
                10, 1, Optional.of("variant \"base\": actions[0]: create big: ENOMEM: no room"))));
        mvc.perform(get("/api/v1/scenarios"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].state").value("failed"))
                .andExpect(jsonPath("$[0].error").value("variant \"base\": actions[0]: create big: ENOMEM: no room"));
    }

    @Test
    void theSeriesIsCsvByDefaultAndJsonWhenAsked() throws Exception {
        ScenarioResult r = result();
        when(runs.result(Caller.DOM0, "3")).thenReturn(r);
        mvc.perform(get("/api/v1/scenarios/3/series"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/csv;charset=UTF-8"))
                .andExpect(content().bytes(Runs.csv(r)));
        mvc.perform(get("/api/v1/scenarios/3/series").header("Accept", "application/json"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/json"))
                .andExpect(jsonPath("$.scenario").value("small"));
    }

    @Test
    void theSummaryAndReportAreTheResultsOwnBytes() throws Exception {
        ScenarioResult r = result();
        when(runs.result(Caller.DOM0, "3")).thenReturn(r);
        mvc.perform(get("/api/v1/scenarios/3/summary"))
                .andExpect(status().isOk()).andExpect(content().bytes(Runs.summary(r)));
        mvc.perform(get("/api/v1/scenarios/3/report"))
                .andExpect(status().isOk()).andExpect(content().contentType("text/html;charset=UTF-8"))
                .andExpect(content().bytes(Runs.report(r)));
    }

    @Test
    void deleteGoesToTheDoorAndIs204() throws Exception {
        mvc.perform(delete("/api/v1/scenarios/3")).andExpect(status().isNoContent());
        verify(runs).delete(Caller.DOM0, "3");
    }

    @Nested
    class Refusals {
        @Test
        void anInvalidDocumentIsEinvalWithTheParsersLineAndTheField() throws Exception {
            when(runs.submit(any(), any(), any())).thenReturn(new ScenarioRuns.Submission(Optional.empty(),
                    Optional.of(new ScenarioRuns.Refusal("domains[0].workload[2].kind",
                            "domains[0].workload[2].kind: unknown kind \"sawtooth\""))));
            expectProblem(mvc.perform(post("/api/v1/scenarios").contentType("application/json").content("{}")),
                    400, "EINVAL", "domains[0].workload[2].kind: unknown kind \"sawtooth\"", "/api/v1/scenarios")
                    .andExpect(jsonPath("$.field").value("domains[0].workload[2].kind"));
        }

        @Test
        void aGuestIsEacces() throws Exception {
            when(runs.submit(any(), any(), any())).thenThrow(XenException.accessDenied("only dom0 may run scenarios"));
            expectProblem(mvc.perform(post("/api/v1/scenarios").header("X-Xen-Domid", "2")
                            .contentType("application/json").content("{}")),
                    403, "EACCES", "only dom0 may run scenarios", "/api/v1/scenarios");
        }

        @Test
        void anUnknownScenarioIsEnoent() throws Exception {
            when(runs.status(Caller.DOM0, "9")).thenThrow(XenException.notFound("no scenario 9"));
            expectProblem(mvc.perform(get("/api/v1/scenarios/9")), 404, "ENOENT", "no scenario 9", "/api/v1/scenarios/9");
        }

        @Test
        void outputsOfARunningScenarioAreEbusy() throws Exception {
            when(runs.result(Caller.DOM0, "3")).thenThrow(
                    XenException.busy("scenario 3 is running: its outputs exist once it is done"));
            expectProblem(mvc.perform(get("/api/v1/scenarios/3/report")), 409, "EBUSY",
                    "scenario 3 is running: its outputs exist once it is done", "/api/v1/scenarios/3/report");
        }

        @Test
        void aFullStoreIsEbusy() throws Exception {
            when(runs.submit(any(), any(), any())).thenThrow(XenException.busy("all 16 kept scenarios are still running"));
            expectProblem(mvc.perform(post("/api/v1/scenarios").contentType("application/json").content("{}")),
                    409, "EBUSY", "all 16 kept scenarios are still running", "/api/v1/scenarios");
        }
    }
}
