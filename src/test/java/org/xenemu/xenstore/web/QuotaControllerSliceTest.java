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

/** The REST adapter {@code QuotaController} on a mocked session and connection: its answers and refusals. */
@WebMvcTest(QuotaController.class)
@ControllerSlice
class QuotaControllerSliceTest {
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
    void aDomainsQuotaIsTheDoorsReport() throws Exception {
        when(sessions.quota(Caller.guest(1, true), 1)).thenReturn(new QuotaReport(1, false, Map.of("nodes", 1000L),
                Map.of("nodes", 3L)));
        mvc.perform(get("/api/v1/xenstore/quota/1").header("X-Xen-Domid", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limits.nodes").value(1000))
                .andExpect(jsonPath("$.usage.nodes").value(3));
    }

    @Nested
    class Refusals {
        @Test
        void anotherGuestsQuotaIsEacces() throws Exception {
            when(sessions.quota(Caller.guest(2, true), 1))
                    .thenThrow(XenException.accessDenied("a guest may see its own quota only"));
            expectProblem(mvc.perform(get("/api/v1/xenstore/quota/1").header("X-Xen-Domid", "2")), 403, "EACCES",
                    "a guest may see its own quota only", "/api/v1/xenstore/quota/1");
        }

        @Test
        void aReservedDomidIsEinval() throws Exception {
            expectProblem(mvc.perform(get("/api/v1/xenstore/quota/32752")), 400, "EINVAL",
                    "domid must be a domain id in plain decimal, below 32752", "/api/v1/xenstore/quota/32752");
            verifyNoInteractions(sessions);
        }
    }
}
