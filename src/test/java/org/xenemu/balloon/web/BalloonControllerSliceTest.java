package org.xenemu.balloon.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.balloon.BalloonView;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.web.ControllerSlice;

/** The balloon's HTTP adapter alone: what it hands the door, and how the door's refusals look. */
@WebMvcTest(BalloonController.class)
@ControllerSlice
class BalloonControllerSliceTest {
    static final String SYSFS = "/api/v1/domains/{domid}/sysfs/devices/system/xen_memory/xen_memory0/";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    BalloonFacade balloons;

    @Test
    void theJsonViewIsTheDoorsViewOfTheCallersDomain() throws Exception {
        when(balloons.view(Caller.guest(3, true), 3)).thenReturn(new BalloonView(1024, 2048, 4, 0, 1, 32, 1, 0,
                "DONE", 0, null, 7));
        mvc.perform(get("/api/v1/domains/3/balloon").header("X-Xen-Domid", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.currentKiB").value(1024))
                .andExpect(jsonPath("$.targetKiB").value(2048))
                .andExpect(jsonPath("$.steps").value(7))
                .andExpect(jsonPath("$.nextStepJiffies").doesNotExist());
    }

    @Test
    void aSysfsReadIsTheKernelsTextAsPlainText() throws Exception {
        when(balloons.read(Caller.DOM0, 1, "info/current_kb")).thenReturn("262144\n");
        mvc.perform(get(SYSFS + "info/current_kb", 1))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
                .andExpect(content().string("262144\n"));
    }

    @Test
    void aSysfsWriteHandsTheDoorTheBytesAsWrittenAndTheGuestsRootFlag() throws Exception {
        byte[] written = "300M".getBytes(StandardCharsets.US_ASCII);
        mvc.perform(put(SYSFS + "target", 1).header("X-Xen-Domid", "1").contentType(MediaType.TEXT_PLAIN)
                        .content(written))
                .andExpect(status().isNoContent());
        verify(balloons).write(eq(Caller.guest(1, true)), eq(1), eq("target"), eq(written));
    }

    @Nested
    class Refusals {
        @Test
        void anotherGuestsDriverIsEacces() throws Exception {
            when(balloons.view(any(), anyInt())).thenThrow(XenException.accessDenied("domain 2 may not reach domain 3"));
            expectProblem(mvc.perform(get("/api/v1/domains/3/balloon").header("X-Xen-Domid", "2")),
                    403, "EACCES", "domain 2 may not reach domain 3", "/api/v1/domains/3/balloon");
        }

        @Test
        void aMissingDomainIsEnoent() throws Exception {
            when(balloons.read(any(), anyInt(), anyString())).thenThrow(XenException.notFound("no domain 9"));
            expectProblem(mvc.perform(get(SYSFS + "target_kb", 9)), 404, "ENOENT", "no domain 9",
                    "/api/v1/domains/9/sysfs/devices/system/xen_memory/xen_memory0/target_kb");
        }

        @Test
        void aWriteByAnOrdinaryUserIsEperm() throws Exception {
            doThrow(XenException.notPermitted("writing target_kb needs CAP_SYS_ADMIN"))
                    .when(balloons).write(any(), anyInt(), anyString(), any());
            expectProblem(mvc.perform(put(SYSFS + "target_kb", 1).header("X-Xen-Domid", "1")
                            .header("X-Guest-Root", "false").contentType(MediaType.TEXT_PLAIN).content("1000")),
                    403, "EPERM", "writing target_kb needs CAP_SYS_ADMIN",
                    "/api/v1/domains/1/sysfs/devices/system/xen_memory/xen_memory0/target_kb");
        }

        @Test
        void aDomidThatIsNotPlainDecimalIsEinvalBeforeTheDoor() throws Exception {
            expectProblem(mvc.perform(get("/api/v1/domains/07/balloon")), 400, "EINVAL",
                    "parameter 'domid' has an invalid value", "/api/v1/domains/07/balloon")
                    .andExpect(jsonPath("$.field").value("domid"));
            verifyNoInteractions(balloons);
        }
    }
}
