package org.xenemu.selfballoon.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.selfballoon.SelfballoonView;
import org.xenemu.selfballoon.Tunable;
import org.xenemu.web.ControllerSlice;

/** The selfballoon JSON adapter on its door. */
@WebMvcTest(SelfballoonController.class)
@ControllerSlice
class SelfballoonControllerSliceTest {
    static final String JSON = "/api/v1/domains/1/selfballoon";
    static final SelfballoonView VIEW = new SelfballoonView(1, 1, 5, 4, 1, 0, 24, 1, 20, 6,
            new SelfballoonView.Worker(true, 1250L, 0, false), null, new SelfballoonView.Frontswap(0, 0, 3, 0));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    SelfballoonFacade selfballoons;

    @Test
    void aPatchHandsTheDoorTheDecimalTextOfEveryGivenMemberAndAnswersTheView() throws Exception {
        when(selfballoons.patch(eq(Caller.DOM0), eq(1), any())).thenReturn(VIEW);
        mvc.perform(patch(JSON).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"selfballoonDownhysteresis\":4,\"frontswapInertia\":18446744073709551616}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.selfballoonDownhysteresis").value(4))
                .andExpect(jsonPath("$.lastDecision").doesNotExist());
        verify(selfballoons).patch(Caller.DOM0, 1, Map.of(Tunable.SELFBALLOON_DOWNHYSTERESIS, "4",
                Tunable.FRONTSWAP_INERTIA, "18446744073709551616"));
    }

    @Nested
    class Refusals {
        @Test
        void aValueAboveTwoToTheSixtyFourIsErange() throws Exception {
            when(selfballoons.patch(any(), anyInt(), any())).thenThrow(XenException.outOfRange("above 2^64 - 1"));
            expectProblem(mvc.perform(patch(JSON).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"frontswapHysteresis\":18446744073709551616}")),
                    400, "ERANGE", "above 2^64 - 1", JSON);
        }

        @Test
        void aFractionalTunableIsEinvalBeforeTheDoor() throws Exception {
            expectProblem(mvc.perform(patch(JSON).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"selfballoonInterval\":2.5}")),
                    400, "EINVAL", null, JSON)
                    .andExpect(jsonPath("$.field").value("selfballoonInterval"));
            verifyNoInteractions(selfballoons);
        }
    }
}
