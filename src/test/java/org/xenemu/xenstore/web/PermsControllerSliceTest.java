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

/** The REST adapter {@code PermsController} on a mocked session and connection: its answers and refusals. */
@WebMvcTest(PermsController.class)
@ControllerSlice
class PermsControllerSliceTest {
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
    void permissionsAreSetAsTheJsonListGivesThem() throws Exception {
        mvc.perform(put("/api/v1/xenstore/perms/vm/1/name").contentType(MediaType.APPLICATION_JSON)
                        .content("[\"n0\",\"r1\"]"))
                .andExpect(status().isNoContent());
        verify(connection).setPerms(0, "/vm/1/name", List.of("n0", "r1"));
    }

    @Nested
    class Refusals {
        @Test
        void aMalformedEntryIsTheStoresEinval() throws Exception {
            doThrow(XenException.invalid("bad permission q1")).when(connection).setPerms(anyLong(), anyString(), any());
            expectProblem(mvc.perform(put("/api/v1/xenstore/perms/vm").contentType(MediaType.APPLICATION_JSON)
                            .content("[\"q1\"]")),
                    400, "EINVAL", "bad permission q1", "/api/v1/xenstore/perms/vm");
        }

        @Test
        void aBodyThatIsNotAListIsEinvalBeforeTheStore() throws Exception {
            expectProblem(mvc.perform(put("/api/v1/xenstore/perms/vm").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"n0\":1}")),
                    400, "EINVAL", null, "/api/v1/xenstore/perms/vm");
            verifyNoInteractions(connection);
        }
    }
}
