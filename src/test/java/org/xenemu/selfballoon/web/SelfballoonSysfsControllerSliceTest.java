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
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.web.ControllerSlice;

/** The selfballoon sysfs adapter (text in, text out) on its door. */
@WebMvcTest(SelfballoonSysfsController.class)
@ControllerSlice
class SelfballoonSysfsControllerSliceTest {
    static final String FILE = "/api/v1/domains/1/sysfs/devices/system/xen_memory/xen_memory0/selfballoon/";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    SelfballoonFacade selfballoons;

    @Test
    void aFileIsShownAsTheKernelPrintsIt() throws Exception {
        when(selfballoons.show(Caller.guest(1, false), 1, "selfballoon_interval")).thenReturn("5\n");
        mvc.perform(get(FILE + "selfballoon_interval").header("X-Xen-Domid", "1").header("X-Guest-Root", "false"))
                .andExpect(status().isOk())
                .andExpect(content().string("5\n"));
    }

    @Test
    void aFileWriteHandsTheDoorTheBytesAsWritten() throws Exception {
        mvc.perform(put(FILE + "selfballoon_interval").contentType(MediaType.TEXT_PLAIN).content("16\n"))
                .andExpect(status().isNoContent());
        verify(selfballoons).store(Caller.DOM0, 1, "selfballoon_interval", "16\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Nested
    class Refusals {
        @Test
        void anotherGuestsFilesAreEacces() throws Exception {
            when(selfballoons.show(any(), anyInt(), anyString()))
                    .thenThrow(XenException.accessDenied("a guest may reach only its own sysfs"));
            expectProblem(mvc.perform(get(FILE + "selfballooning").header("X-Xen-Domid", "2")), 403, "EACCES",
                    "a guest may reach only its own sysfs", FILE + "selfballooning");
        }

        @Test
        void anOrdinaryUsersWriteIsEperm() throws Exception {
            doThrow(XenException.notPermitted("only root may write selfballoon tunables"))
                    .when(selfballoons).store(any(), anyInt(), anyString(), any());
            expectProblem(mvc.perform(put(FILE + "selfballooning").header("X-Xen-Domid", "1")
                            .header("X-Guest-Root", "false").contentType(MediaType.TEXT_PLAIN).content("0")),
                    403, "EPERM", "only root may write selfballoon tunables", FILE + "selfballooning");
        }

    }
}
