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

/** The REST adapter {@code TreeController} on a mocked session and connection: its answers and refusals. */
@WebMvcTest(TreeController.class)
@ControllerSlice
class TreeControllerSliceTest {
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
    void aTreeNestsTheReadableChildren() throws Exception {
        when(connection.read(0, "/vm")).thenReturn(new byte[0]);
        when(connection.getPerms(0, "/vm")).thenReturn(List.of("n0"));
        when(connection.children(0, "/vm")).thenReturn(List.of("a"));
        when(connection.read(0, "/vm/a")).thenReturn("1".getBytes());
        when(connection.getPerms(0, "/vm/a")).thenReturn(List.of("n0"));
        when(connection.children(0, "/vm/a")).thenReturn(List.of());
        mvc.perform(get("/api/v1/xenstore/tree/vm"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("vm"))
                .andExpect(jsonPath("$.children[0].name").value("a"))
                .andExpect(jsonPath("$.children[0].value").value("1"));
    }

    @Nested
    class Refusals {
        @Test
        void anUnreadableTopIsEacces() throws Exception {
            when(connection.read(anyLong(), anyString())).thenThrow(XenException.accessDenied("denied"));
            expectProblem(mvc.perform(get("/api/v1/xenstore/tree/local").header("X-Xen-Domid", "1")), 403,
                    "EACCES", "denied", "/api/v1/xenstore/tree/local");
        }
    }
}
