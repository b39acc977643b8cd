package org.xenemu.xenstore.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.xenemu.web.ProblemJson.expectProblem;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.web.ControllerSlice;
import org.xenemu.web.SseStream;
import org.xenemu.web.SseStreams;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/** The REST watch stream's refusals: they come before any stream is sent, and leave nothing open. */
@WebMvcTest(WatchController.class)
@ControllerSlice
class WatchControllerSliceTest {
    @Autowired
    MockMvc mvc;
    @MockitoBean
    RestSessions sessions;
    @MockitoBean
    SseStreams streams;
    @MockitoBean
    WatchStreamSettings settings;

    @Nested
    class Refusals {
        @Test
        void anOrdinaryUserInAGuestMayNotWatch() throws Exception {
            expectProblem(mvc.perform(get("/api/v1/xenstore/watch?path=/vm").header("X-Xen-Domid", "1")
                            .header("X-Guest-Root", "false").accept(MediaType.TEXT_EVENT_STREAM)),
                    403, "EACCES", "only root inside a guest may talk to xenstore", "/api/v1/xenstore/watch");
            verifyNoInteractions(streams);
        }

        @Test
        void aWatchOverTheGuestsQuotaIsE2bigAndClosesItsConnectionAndStream() throws Exception {
            Xenstore xenstore = mock(Xenstore.class);
            XsConnection connection = mock(XsConnection.class);
            SseStream stream = mock(SseStream.class);
            when(sessions.xenstore()).thenReturn(xenstore);
            when(xenstore.connect(anyInt(), anyBoolean(), any())).thenReturn(connection);
            when(streams.queued(anyInt())).thenReturn(stream);
            doThrow(XenException.of(Errno.E2BIG, "too many watches")).when(connection).watch(anyString(), anyString());
            expectProblem(mvc.perform(get("/api/v1/xenstore/watch?path=/vm").header("X-Xen-Domid", "1")
                            .accept(MediaType.TEXT_EVENT_STREAM)),
                    413, "E2BIG", "too many watches", "/api/v1/xenstore/watch");
            verify(connection).close();
            verify(stream).close();
        }
    }
}
