package org.xenemu.events.web;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.events.EventBus;
import org.xenemu.events.EventEnvelope;
import org.xenemu.events.XenEvent;
import org.xenemu.web.ControllerSlice;
import org.xenemu.web.SseStreams;

@WebMvcTest(EventsController.class)
@ControllerSlice
class EventsControllerSliceTest {
    record Poked(int domid) implements XenEvent {
    }

    @Autowired
    MockMvc mvc;
    @MockitoBean
    EventBus events;
    @MockitoBean
    SseStreams streams;
    @MockitoBean
    EventFeed feed;

    @Test
    void aPageCarriesTheEventsAndWhereToGoOn() throws Exception {
        when(events.page(5, 2)).thenReturn(new EventBus.Page(
                List.of(new EventEnvelope(6, "Poked", 10, 40_000_000, new Poked(1))), 3, 6));
        mvc.perform(get("/api/v1/events?after=5&limit=2").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.events[0].seq").value(6))
                .andExpect(jsonPath("$.events[0].type").value("Poked"))
                .andExpect(jsonPath("$.events[0].data.domid").value(1))
                .andExpect(jsonPath("$.oldestSeq").value(3))
                .andExpect(jsonPath("$.next").value(6));
    }

    @Nested
    class Refusals {
        @Test
        void aGuestReadingTheHostsEventsIsEacces() throws Exception {
            expectProblem(mvc.perform(get("/api/v1/events?after=0").header("X-Xen-Domid", "3")
                            .accept(MediaType.APPLICATION_JSON)),
                    403, "EACCES", "engine events are the host's; only dom0 may read them", "/api/v1/events");
            verifyNoInteractions(events);
        }

        @Test
        void aLimitAboveTenThousandIsEinvalNamingTheParameter() throws Exception {
            expectProblem(mvc.perform(get("/api/v1/events?after=0&limit=10001").accept(MediaType.APPLICATION_JSON)),
                    400, "EINVAL", null, "/api/v1/events")
                    .andExpect(jsonPath("$.field").value("limit"));
            verifyNoInteractions(events);
        }

        @Test
        void aLastEventIdThatIsNotASequenceNumberIsEinval() throws Exception {
            expectProblem(mvc.perform(get("/api/v1/events").header("Last-Event-ID", "abc")
                            .accept(MediaType.TEXT_EVENT_STREAM)),
                    400, "EINVAL", "Last-Event-ID must be an event sequence number", "/api/v1/events");
            verifyNoInteractions(streams);
        }
    }
}
