package org.xenemu.toolstack.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xenemu.web.ProblemJson.expectProblem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xenemu.balloon.BalloonView;
import org.xenemu.caller.Caller;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.DomainType;
import org.xenemu.toolstack.DomainView;
import org.xenemu.toolstack.MeminfoSummary;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.web.ControllerSlice;

@WebMvcTest(DomainController.class)
@ControllerSlice
class DomainControllerSliceTest {
    static final DomainView WEB1 = view(1, "web1");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Toolstack toolstack;

    static DomainView view(int domid, String name) {
        Map<String, Long> perNode = new LinkedHashMap<>();
        perNode.put("0", 0L);
        perNode.put("1", 65536L);
        return new DomainView(domid, name, "PV", 1, 524288, 0, 524288, 262144, perNode, 262144,
                new BalloonView(262144, 262144, 262144, 0, 1, 32, 1, 0, "DONE", 0, null, 0),
                new MeminfoSummary(1, 2, 3, 4, 5, 6, 7, 8, 9), Optional.empty());
    }

    @Test
    void aDomainIsTheToolstacksFiguresThenTheEnginesParts() throws Exception {
        when(toolstack.view(Caller.guest(1, true), 1)).thenReturn(WEB1);
        mvc.perform(get("/api/v1/domains/1").header("X-Xen-Domid", "1"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.startsWith(
                        "{\"domid\":1,\"name\":\"web1\",\"type\":\"PV\",\"homeNode\":1,\"staticMaxKiB\":524288,"
                                + "\"videoramKiB\":0,\"maxKiB\":524288,\"currentKiB\":262144,"
                                + "\"pagesPerNode\":{\"0\":0,\"1\":65536},\"targetKiB\":262144,\"balloon\":{")))
                .andExpect(jsonPath("$.meminfo.memTotalKiB").value(1))
                .andExpect(jsonPath("$.selfballoon").doesNotExist());
    }

    @Test
    void aCreationIsBuiltFromTheRequestOnlyOnceTheDoorAsksAndAnswersTokensInTokenMode() throws Exception {
        when(toolstack.create(eq(Caller.DOM0), org.mockito.ArgumentMatchers.<Supplier<DomainSpec>>any()))
                .thenAnswer(call -> {
                    Supplier<DomainSpec> spec = call.getArgument(1);
                    DomainSpec s = spec.get();
                    org.assertj.core.api.Assertions.assertThat(s).isEqualTo(new DomainSpec("h1", 262144,
                            OptionalLong.of(524288), DomainType.HVM, OptionalLong.empty(), OptionalInt.empty(),
                            new KernelConfig(65536, true, false, 0, 50, KernelConfig.AUTO, KernelConfig.AUTO)));
                    return new Toolstack.Created(null, WEB1, Optional.of(new TokenRegistry.DomainTokens("r", "u")));
                });
        mvc.perform(post("/api/v1/domains").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"h1\",\"memoryKiB\":262144,\"staticMaxKiB\":524288,\"type\":\"hvm\","
                                + "\"kernel\":{\"swapKiB\":65536,\"tmem\":true}}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/domains/1"))
                .andExpect(jsonPath("$.tokens.root").value("r"))
                .andExpect(jsonPath("$.tokens.user").value("u"));
    }

    @Test
    void memSetHandsTheDoorTheKiB() throws Exception {
        mvc.perform(put("/api/v1/domains/1/memory/target").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kib\":524288}"))
                .andExpect(status().isNoContent());
        verify(toolstack).setTarget(Caller.DOM0, 1, 524288);
    }

    @Nested
    class Refusals {
        @Test
        void aGuestCreatingADomainIsEaccesEvenWithAMalformedType() throws Exception {
            when(toolstack.create(any(Caller.class), org.mockito.ArgumentMatchers.<Supplier<DomainSpec>>any()))
                    .thenThrow(XenException.accessDenied("only dom0 (the toolstack) may do this"));
            expectProblem(mvc.perform(post("/api/v1/domains").header("X-Xen-Domid", "2")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"x\",\"memoryKiB\":262144,\"type\":\"foo\"}")),
                    403, "EACCES", "only dom0 (the toolstack) may do this", "/api/v1/domains");
        }

        @Test
        void aTypeThatIsNeitherPvNorHvmIsEinvalWhenTheDoorBuildsTheSpec() throws Exception {
            when(toolstack.create(any(Caller.class), org.mockito.ArgumentMatchers.<Supplier<DomainSpec>>any()))
                    .thenAnswer(call -> call.<Supplier<DomainSpec>>getArgument(1).get());
            expectProblem(mvc.perform(post("/api/v1/domains").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"x\",\"memoryKiB\":262144,\"type\":\"foo\"}")),
                    400, "EINVAL", "type must be PV or HVM", "/api/v1/domains");
        }

        @Test
        void aTakenNameIsEexist() throws Exception {
            when(toolstack.create(any(Caller.class), org.mockito.ArgumentMatchers.<Supplier<DomainSpec>>any()))
                    .thenThrow(XenException.of(Errno.EEXIST, "a domain named web1 already exists"));
            expectProblem(mvc.perform(post("/api/v1/domains").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"web1\",\"memoryKiB\":262144}")),
                    409, "EEXIST", "a domain named web1 already exists", "/api/v1/domains");
        }

        @Test
        void aSizeAboveOnePebibyteIsEinvalNamingTheField() throws Exception {
            expectProblem(mvc.perform(put("/api/v1/domains/1/memory/max").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kib\":1099511627777}")),
                    400, "EINVAL", "'kib' must be less than or equal to 1099511627776", "/api/v1/domains/1/memory/max")
                    .andExpect(jsonPath("$.field").value("kib"));
            verifyNoInteractions(toolstack);
        }

        @Test
        void destroyingDom0IsEbusy() throws Exception {
            doThrow(XenException.busy("dom0 cannot be destroyed")).when(toolstack).destroy(Caller.DOM0, 0);
            expectProblem(mvc.perform(delete("/api/v1/domains/0")), 409, "EBUSY", "dom0 cannot be destroyed",
                    "/api/v1/domains/0");
        }

        @Test
        void aTargetAboveStaticMaxIsEinval() throws Exception {
            doThrow(XenException.invalid("target 9999999 KiB less videoram is above static-max 524288 KiB"))
                    .when(toolstack).setTarget(any(), anyInt(), anyLong());
            expectProblem(mvc.perform(put("/api/v1/domains/1/memory/target").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kib\":9999999}")),
                    400, "EINVAL", "target 9999999 KiB less videoram is above static-max 524288 KiB",
                    "/api/v1/domains/1/memory/target");
        }
    }
}
