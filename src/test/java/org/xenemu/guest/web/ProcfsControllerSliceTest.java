package org.xenemu.guest.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.guest.GuestFacade;
import org.xenemu.web.ControllerSlice;

@WebMvcTest(ProcfsController.class)
@ControllerSlice
class ProcfsControllerSliceTest {
    @Autowired
    MockMvc mvc;
    @MockitoBean
    GuestFacade guests;

    @Test
    void procMeminfoIsTheKernelsTextAsIs() throws Exception {
        when(guests.procMeminfo(Caller.guest(2, true), 2)).thenReturn("MemTotal:         262144 kB\n");
        mvc.perform(get("/api/v1/domains/2/procfs/meminfo").header("X-Xen-Domid", "2"))
                .andExpect(status().isOk())
                .andExpect(content().string("MemTotal:         262144 kB\n"));
    }

    @Test
    void aSysctlWriteLongerThanAPageIsCutToWhatTheKernelHandsItsHandler() throws Exception {
        mvc.perform(put("/api/v1/domains/2/procfs/sys/vm/overcommit_ratio").contentType(MediaType.TEXT_PLAIN)
                        .content("8".repeat(5000)))
                .andExpect(status().isNoContent());
        verify(guests).writeSysctl(Caller.DOM0, 2, "overcommit_ratio", "8".repeat(4095));
    }

    @Nested
    class Refusals {
        @Test
        void anOrdinaryUserWritingASysctlIsEperm() throws Exception {
            doThrow(XenException.notPermitted("only root in the guest may write vm.overcommit_ratio"))
                    .when(guests).writeSysctl(any(), anyInt(), anyString(), anyString());
            expectProblem(mvc.perform(put("/api/v1/domains/2/procfs/sys/vm/overcommit_ratio")
                            .header("X-Xen-Domid", "2").header("X-Guest-Root", "false")
                            .contentType(MediaType.TEXT_PLAIN).content("80")),
                    403, "EPERM", "only root in the guest may write vm.overcommit_ratio",
                    "/api/v1/domains/2/procfs/sys/vm/overcommit_ratio");
        }

        @Test
        void anUnknownSysctlIsEnoent() throws Exception {
            when(guests.readSysctl(any(), anyInt(), anyString())).thenThrow(XenException.notFound("no sysctl vm.nope"));
            expectProblem(mvc.perform(get("/api/v1/domains/2/procfs/sys/vm/nope")), 404, "ENOENT",
                    "no sysctl vm.nope", "/api/v1/domains/2/procfs/sys/vm/nope");
        }

        @Test
        void anotherGuestsMeminfoIsEacces() throws Exception {
            when(guests.meminfo(any(), anyInt())).thenThrow(XenException.accessDenied("domain 1 may not reach domain 2"));
            expectProblem(mvc.perform(get("/api/v1/domains/2/meminfo").header("X-Xen-Domid", "1")), 403, "EACCES",
                    "domain 1 may not reach domain 2", "/api/v1/domains/2/meminfo");
        }
    }
}
