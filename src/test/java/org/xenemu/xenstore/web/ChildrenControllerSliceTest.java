package org.xenemu.xenstore.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.web.ControllerSlice;
import org.xenemu.xenstore.QuotaReport;
import org.xenemu.xenstore.XsConnection;

/** The REST adapter {@code ChildrenController} on a mocked session and connection: its answers and refusals. */
@WebMvcTest(ChildrenController.class)
@ControllerSlice
class ChildrenControllerSliceTest {
    @Autowired
    MockMvc mvc;
    @MockitoBean
    RestSessions sessions;
    @MockitoBean
    WatchStreamSettings watchStreams;
    final XsConnection connection = org.mockito.Mockito.mock(XsConnection.class);

    @BeforeEach
    void connect() {
        when(sessions.connection(any())).thenReturn(connection);
    }

    @Test
    void theChildrenAreTheWholeListInCreationOrder() throws Exception {
        when(connection.children(0, "/")).thenReturn(List.of("tool", "local", "vm"));
        mvc.perform(get("/api/v1/xenstore/children/"))
                .andExpect(status().isOk())
                .andExpect(content().string("[\"tool\",\"local\",\"vm\"]"));
    }

    @Nested
    class Refusals {
        @Test
        void aMissingNodeIsEnoent() throws Exception {
            when(connection.children(anyLong(), anyString())).thenThrow(XenException.notFound("no /nope"));
            expectProblem(mvc.perform(get("/api/v1/xenstore/children/nope")), 404, "ENOENT", "no /nope",
                    "/api/v1/xenstore/children/nope");
        }

        @Test
        void anOrdinaryUserInAGuestMayNotUseXenstore() throws Exception {
            when(sessions.connection(Caller.guest(1, false)))
                    .thenThrow(XenException.accessDenied("only root inside a guest may talk to xenstore"));
            expectProblem(mvc.perform(get("/api/v1/xenstore/children/").header("X-Xen-Domid", "1")
                            .header("X-Guest-Root", "false")),
                    403, "EACCES", "only root inside a guest may talk to xenstore", "/api/v1/xenstore/children/");
        }
    }
}
