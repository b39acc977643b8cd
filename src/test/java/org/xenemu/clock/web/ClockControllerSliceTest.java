package org.xenemu.clock.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.ClockMode;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.web.ControllerSlice;

@WebMvcTest(ClockController.class)
@ControllerSlice
class ClockControllerSliceTest {
    static final ClockControl.Reading MANUAL_AT_ONE_SECOND =
            new ClockControl.Reading(ClockMode.MANUAL, 250, 250, 1_000_000_000L, 1.0);

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ClockControl clock;

    @Test
    void theReadingIsShownWithTheModesWireName() throws Exception {
        when(clock.read()).thenReturn(MANUAL_AT_ONE_SECOND);
        mvc.perform(get("/api/v1/clock").header("X-Xen-Domid", "4"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mode").value("manual"))
                .andExpect(jsonPath("$.jiffies").value(250))
                .andExpect(jsonPath("$.uptimeNanos").value(1_000_000_000L));
    }

    @Test
    void anAdvanceInSecondsGoesToTheDoorWithTheCaller() throws Exception {
        when(clock.advance(eq(Caller.DOM0), eq(new BigDecimal("1.5")), isNull())).thenReturn(MANUAL_AT_ONE_SECOND);
        mvc.perform(post("/api/v1/clock/advance").contentType(MediaType.APPLICATION_JSON).content("{\"seconds\":1.5}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.hz").value(250));
    }

    @Nested
    class Refusals {
        @Test
        void aGuestChangingTheClockIsEacces() throws Exception {
            when(clock.reconfigure(any(), any(), any())).thenThrow(XenException.accessDenied("only dom0 may change the clock"));
            expectProblem(mvc.perform(put("/api/v1/clock").header("X-Xen-Domid", "2")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"mode\":\"manual\"}")),
                    403, "EACCES", "only dom0 may change the clock", "/api/v1/clock");
        }

        @Test
        void anAdvanceInRealtimeModeIsEbusy() throws Exception {
            when(clock.advance(any(), any(), any())).thenThrow(
                    XenException.of(Errno.EBUSY, "the clock is in realtime mode; switch to manual to advance it"));
            expectProblem(mvc.perform(post("/api/v1/clock/advance").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"jiffies\":1}")),
                    409, "EBUSY", "the clock is in realtime mode; switch to manual to advance it", "/api/v1/clock/advance");
        }

        @Test
        void aModeThatIsNeitherRealtimeNorManualIsEinvalNamingTheField() throws Exception {
            expectProblem(mvc.perform(put("/api/v1/clock").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"mode\":\"fast\"}")),
                    400, "EINVAL", "'mode' must be realtime or manual", "/api/v1/clock")
                    .andExpect(jsonPath("$.field").value("mode"));
            verifyNoInteractions(clock);
        }

        @Test
        void aFractionalJiffyCountIsEinval() throws Exception {
            expectProblem(mvc.perform(post("/api/v1/clock/advance").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"jiffies\":1.5}")),
                    400, "EINVAL", null, "/api/v1/clock/advance")
                    .andExpect(jsonPath("$.field").value("jiffies"));
            verifyNoInteractions(clock);
        }
    }
}
