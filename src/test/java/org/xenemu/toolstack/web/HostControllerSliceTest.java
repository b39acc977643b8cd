package org.xenemu.toolstack.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.HostView;
import org.xenemu.toolstack.PressureView;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.web.ControllerSlice;

@WebMvcTest(HostController.class)
@ControllerSlice
class HostControllerSliceTest {
    @Autowired
    MockMvc mvc;
    @MockitoBean
    Toolstack toolstack;

    @Test
    void theHostViewKeepsItsMemberOrder() throws Exception {
        when(toolstack.host(Caller.DOM0)).thenReturn(new HostView(16, 8, 4, 2, 1, "nearest",
                List.of(new HostView.NodeView(0, 16, 8, 2, List.of(10)))));
        mvc.perform(get("/api/v1/host"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"totalKiB\":16,\"freeKiB\":8,\"xenKiB\":4,\"pressureKiB\":2,\"tmemKiB\":1,"
                        + "\"allocationPolicy\":\"nearest\",\"nodes\":[{\"node\":0,\"totalKiB\":16,\"freeKiB\":8,"
                        + "\"pressureKiB\":2,\"distances\":[10]}]}", org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @Test
    void pressureOnAllNodesLeavesTheNodeOut() throws Exception {
        when(toolstack.setPressure(Caller.DOM0, 4096, OptionalInt.empty()))
                .thenReturn(new PressureView(4096, null, List.of(2048L, 2048L)));
        mvc.perform(put("/api/v1/host/pressure").contentType(MediaType.APPLICATION_JSON).content("{\"kib\":4096}"))
                .andExpect(status().isOk())
                .andExpect(content().string("{\"kib\":4096,\"nodesKiB\":[2048,2048]}"));
    }

    @Nested
    class Refusals {
        @Test
        void aGuestReadingTheHostIsEacces() throws Exception {
            when(toolstack.host(any())).thenThrow(XenException.accessDenied("only dom0 (the toolstack) may do this"));
            expectProblem(mvc.perform(get("/api/v1/host").header("X-Xen-Domid", "2")), 403, "EACCES",
                    "only dom0 (the toolstack) may do this", "/api/v1/host");
        }

        @Test
        void aNodeTheHostHasNotIsEinval() throws Exception {
            when(toolstack.setPressure(any(), anyLong(), any()))
                    .thenThrow(XenException.invalid("no NUMA node 7 (the host has 2)"));
            expectProblem(mvc.perform(put("/api/v1/host/pressure").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kib\":1,\"node\":7}")),
                    400, "EINVAL", "no NUMA node 7 (the host has 2)", "/api/v1/host/pressure");
        }

        @Test
        void negativePressureIsEinvalNamingTheField() throws Exception {
            expectProblem(mvc.perform(put("/api/v1/host/pressure").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kib\":-1}")),
                    400, "EINVAL", "'kib' must be greater than or equal to 0", "/api/v1/host/pressure")
                    .andExpect(jsonPath("$.field").value("kib"));
            verifyNoInteractions(toolstack);
        }
    }
}
