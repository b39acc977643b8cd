package org.xenemu.guest.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.guest.GuestFacade;
import org.xenemu.guest.workload.MappingKind;
import org.xenemu.guest.workload.WorkloadViews.Mapped;
import org.xenemu.guest.workload.WorkloadViews.MmapRequest;
import org.xenemu.web.ControllerSlice;

@WebMvcTest(WorkloadController.class)
@ControllerSlice
class WorkloadControllerSliceTest {
    static final String MAPPINGS = "/api/v1/domains/3/processes/100/mappings";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    GuestFacade guests;

    @Test
    void anMmapBecomesTheDoorsRequestAndAnswersWhereTheMappingIs() throws Exception {
        MmapRequest request = new MmapRequest(MappingKind.SHMEM, true, true, 8192, false, false);
        when(guests.mmap(Caller.DOM0, 3, 100, request)).thenReturn(new Mapped(7, 8192));
        mvc.perform(post(MAPPINGS).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"shmem\",\"shared\":true,\"writable\":true,\"kib\":8192}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", MAPPINGS + "/7"))
                .andExpect(jsonPath("$.id").value(7))
                .andExpect(jsonPath("$.chargeKiB").value(8192));
    }

    @Nested
    class Refusals {
        @Test
        void anMmapTheOvercommitPolicyRefusesIsEnomem() throws Exception {
            when(guests.mmap(any(), anyInt(), anyInt(), any())).thenThrow(XenException.noMemory("refused"));
            expectProblem(mvc.perform(post(MAPPINGS).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":1}")),
                    507, "ENOMEM", "refused", MAPPINGS);
        }

        @Test
        void anUnknownKindIsEinvalNamingTheField() throws Exception {
            expectProblem(mvc.perform(post(MAPPINGS).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kind\":\"huge\",\"shared\":false,\"writable\":true,\"kib\":1}")),
                    400, "EINVAL", null, MAPPINGS)
                    .andExpect(jsonPath("$.field").value("kind"));
            verifyNoInteractions(guests);
        }

        @Test
        void aMissingSizeIsEinvalNamingTheField() throws Exception {
            expectProblem(mvc.perform(post(MAPPINGS).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kind\":\"file\",\"shared\":false,\"writable\":true}")),
                    400, "EINVAL", "'kib' must not be null", MAPPINGS)
                    .andExpect(jsonPath("$.field").value("kib"));
            verifyNoInteractions(guests);
        }

        @Test
        void aMissingProcessIsEnoent() throws Exception {
            when(guests.fork(any(), eq(3), eq(999))).thenThrow(XenException.notFound("no process 999 in domain 3"));
            expectProblem(mvc.perform(post("/api/v1/domains/3/processes/999/fork")), 404, "ENOENT",
                    "no process 999 in domain 3", "/api/v1/domains/3/processes/999/fork");
        }
    }
}
