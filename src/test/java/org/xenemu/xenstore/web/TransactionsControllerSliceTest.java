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

/** The REST adapter {@code TransactionsController} on a mocked session and connection: its answers and refusals. */
@WebMvcTest(TransactionsController.class)
@ControllerSlice
class TransactionsControllerSliceTest {
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
    void aStartedTransactionAnswersItsId() throws Exception {
        when(sessions.start(Caller.DOM0, 0)).thenReturn(7L);
        mvc.perform(post("/api/v1/xenstore/transactions"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(7));
    }

    @Nested
    class Refusals {
        @Test
        void aConflictingCommitIsEagain() throws Exception {
            doThrow(XenException.of(Errno.EAGAIN, "conflict")).when(sessions).end(Caller.DOM0, 7, true);
            expectProblem(mvc.perform(post("/api/v1/xenstore/transactions/7/commit")), 409, "EAGAIN", "conflict",
                    "/api/v1/xenstore/transactions/7/commit");
        }

        @Test
        void someoneElsesTransactionIsEnoent() throws Exception {
            doThrow(XenException.notFound("no transaction 7")).when(sessions).end(any(), eq(7L), eq(false));
            expectProblem(mvc.perform(delete("/api/v1/xenstore/transactions/7").header("X-Xen-Domid", "1")),
                    404, "ENOENT", "no transaction 7", "/api/v1/xenstore/transactions/7");
        }

        @Test
        void anIdThatIsNotAnUnsignedDecimalIsEinval() throws Exception {
            expectProblem(mvc.perform(post("/api/v1/xenstore/transactions/-7/commit")), 400, "EINVAL",
                    "the URL's transaction id must be a transaction id in plain decimal, at most 4294967295",
                    "/api/v1/xenstore/transactions/-7/commit");
            verifyNoInteractions(sessions);
        }

        @Test
        void anIdWithALeadingZeroIsEinvalNotAnotherSpellingOfTheSameTransaction() throws Exception {
            expectProblem(mvc.perform(post("/api/v1/xenstore/transactions/07/commit")), 400, "EINVAL", null,
                    "/api/v1/xenstore/transactions/07/commit");
            expectProblem(mvc.perform(post("/api/v1/xenstore/transactions/7/commit").header("Xs-Transaction", "1")
                    .header("X-Xen-Domid", "01")), 400, "EINVAL", null, "/api/v1/xenstore/transactions/7/commit");
            verifyNoInteractions(sessions);
        }
    }
}
