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

/** The REST adapter {@code NodesController} on a mocked session and connection: its answers and refusals. */
@WebMvcTest(NodesController.class)
@ControllerSlice
class NodesControllerSliceTest {
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
    void aReadAsJsonHasTheTextAndTheBase64OfTheValue() throws Exception {
        when(connection.read(0, "/vm/1/name")).thenReturn("hello".getBytes());
        mvc.perform(get("/api/v1/xenstore/nodes/vm/1/name").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"path\":\"/vm/1/name\",\"value\":\"hello\",\"base64\":\"aGVsbG8=\"}"));
    }

    @Test
    void aWriteGoesToTheCallersConnectionInItsTransaction() throws Exception {
        when(sessions.transaction(Caller.DOM0, "5")).thenReturn(5L);
        mvc.perform(put("/api/v1/xenstore/nodes/vm/1/name").header("Xs-Transaction", "5")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).content("v2"))
                .andExpect(status().isNoContent());
        verify(connection).write(5, "/vm/1/name", "v2".getBytes());
    }

    @Nested
    class Refusals {
        @Test
        void anUnreadableNodeIsEacces() throws Exception {
            when(connection.read(anyLong(), anyString())).thenThrow(XenException.accessDenied("denied"));
            expectProblem(mvc.perform(get("/api/v1/xenstore/nodes/local/domain/0/name").header("X-Xen-Domid", "1")),
                    403, "EACCES", "denied", "/api/v1/xenstore/nodes/local/domain/0/name");
        }

        @Test
        void removingTheRootIsEinval() throws Exception {
            doThrow(XenException.invalid("cannot remove the root")).when(connection).rm(anyLong(), anyString());
            expectProblem(mvc.perform(delete("/api/v1/xenstore/nodes/")), 400, "EINVAL", "cannot remove the root",
                    "/api/v1/xenstore/nodes/");
        }

        @Test
        void aPathXenstoreDoesNotAllowIsEinvalBeforeTheStore() throws Exception {
            expectProblem(mvc.perform(post("/api/v1/xenstore/nodes/a.b")), 400, "EINVAL", null,
                    "/api/v1/xenstore/nodes/a.b");
            verifyNoInteractions(connection);
        }
    }
}
