package org.xenemu.selfballoon.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.xenemu.selfballoon.FakeGuest;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.selfballoon.Selfballooner;
import org.xenemu.selfballoon.Tunable;

/**
 * The selfballoon HTTP surface on a manual clock, with guests 901 and 902 attached directly (so
 * these tests do not depend on how domains are created).
 */
@SpringBootTest(properties = {"xenemu.clock.mode=manual"})
@AutoConfigureMockMvc
class SelfballoonWebTest {
    private static final String SYSFS = "/api/v1/domains/{domid}/sysfs/devices/system/xen_memory/xen_memory0/selfballoon/{t}";
    private static final String JSON = "/api/v1/domains/{domid}/selfballoon";

    @Autowired
    MockMvc mvc;
    @Autowired
    SelfballoonFacade service;

    Selfballooner guest901;

    @BeforeEach
    void attach() {
        guest901 = service.attach(FakeGuest.oneGib(901));
        service.attach(FakeGuest.oneGib(902));
    }

    @AfterEach
    void detach() {
        service.detach(901);
        service.detach(902);
    }

    private ResultActions write(String tunable, String body, String... headers) throws Exception {
        var req = put(SYSFS, 901, tunable).contentType(MediaType.TEXT_PLAIN).content(body);
        for (int i = 0; i < headers.length; i += 2) {
            req = req.header(headers[i], headers[i + 1]);
        }
        return mvc.perform(req);
    }

    /** What a PATCH of one member answers: the value shown afterwards, or the errno. */
    record Expect(Integer shown, String errno) {
        static Expect ok(int shown) {
            return new Expect(shown, null);
        }

        static Expect fails(String errno) {
            return new Expect(null, errno);
        }
    }

    /**
     * Every member × the parse table. A JSON number reaches the store's base-10 kstrtoul as its
     * decimal text, so the store rules decide (switches 0/1 only, others not 0, ERANGE past 2^64 − 1,
     * the low 32 bits stored and shown as %d); anything that is not a JSON integer (a string, a
     * fraction, {@code +5}, {@code 0x10}, {@code abc}) is a 400 EINVAL before any store runs.
     */
    static Stream<Arguments> patchTable() {
        List<Arguments> rows = new ArrayList<>();
        for (Tunable t : Tunable.values()) {
            boolean sw = t.isSwitch();
            Expect notSwitch = Expect.fails("EINVAL");
            rows.add(Arguments.of(t, "5", sw ? notSwitch : Expect.ok(5)));
            rows.add(Arguments.of(t, "5\n", sw ? notSwitch : Expect.ok(5))); // JSON whitespace
            rows.add(Arguments.of(t, "1", Expect.ok(1)));
            rows.add(Arguments.of(t, "0", sw ? Expect.ok(0) : Expect.fails("EINVAL")));
            rows.add(Arguments.of(t, "-1", Expect.fails("EINVAL")));
            rows.add(Arguments.of(t, "4294967295", sw ? notSwitch : Expect.ok(-1)));
            rows.add(Arguments.of(t, "4294967296", sw ? notSwitch : Expect.ok(0))); // not 0 as 64 bits; stored as 0
            rows.add(Arguments.of(t, "18446744073709551615", sw ? notSwitch : Expect.ok(-1)));
            rows.add(Arguments.of(t, "18446744073709551616", Expect.fails("ERANGE")));
            for (String junk : List.of("+5", "abc", "0x10", "05", "1.5", "5.0", "1e3", "\"5\"", "\"abc\"", "\"0x10\"",
                    "true", "[5]", "{}")) {
                rows.add(Arguments.of(t, junk, Expect.fails("EINVAL")));
            }
        }
        return rows.stream();
    }

    @Nested
    class Sysfs {
        @Test
        void readShowsTheValueWithANewline() throws Exception {
            mvc.perform(get(SYSFS, 901, "selfballoon_reserved_mb"))
                    .andExpect(status().isOk())
                    .andExpect(content().string("100\n"));
        }

        @Test
        void writeThenReadBack() throws Exception {
            write("selfballoon_downhysteresis", "16\n").andExpect(status().isNoContent());
            mvc.perform(get(SYSFS, 901, "selfballoon_downhysteresis")).andExpect(content().string("16\n"));
        }

        @Test
        void aValueAbove32BitsIsTruncated() throws Exception {
            write("frontswap_hysteresis", "4294967295").andExpect(status().isNoContent());
            mvc.perform(get(SYSFS, 901, "frontswap_hysteresis")).andExpect(content().string("-1\n"));
        }

        @Test
        void zeroIsEinval() throws Exception {
            write("selfballoon_interval", "0").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errno").value("EINVAL"));
        }

        @Test
        void overflowIsErange() throws Exception {
            write("selfballoon_interval", "18446744073709551616").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errno").value("ERANGE"));
        }

        @Test
        void switchesTakeOnlyZeroOrOne() throws Exception {
            write("selfballooning", "2").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errno").value("EINVAL"));
        }

        @Test
        void anEmptyBodyIsAZeroLengthWriteThatChangesNothing() throws Exception {
            mvc.perform(put(SYSFS, 901, "selfballoon_interval")).andExpect(status().isNoContent());
            mvc.perform(get(SYSFS, 901, "selfballoon_interval")).andExpect(content().string("5\n"));
        }

        @Test
        void theGuestItselfAsRootMayWrite() throws Exception {
            write("selfballoon_uphysteresis", "2", "X-Xen-Domid", "901").andExpect(status().isNoContent());
        }

        @Test
        void anOrdinaryUserInTheGuestMayReadButWritingIsEperm() throws Exception {
            mvc.perform(get(SYSFS, 901, "selfballooning").header("X-Xen-Domid", "901").header("X-Guest-Root", "false"))
                    .andExpect(status().isOk()).andExpect(content().string("1\n"));
            write("selfballooning", "junk", "X-Xen-Domid", "901", "X-Guest-Root", "false")
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.errno").value("EPERM"));
        }

        @Test
        void anotherGuestIsEacces() throws Exception {
            mvc.perform(get(SYSFS, 901, "selfballooning").header("X-Xen-Domid", "902"))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.errno").value("EACCES"));
            write("selfballooning", "0", "X-Xen-Domid", "902").andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.errno").value("EACCES"));
        }

        @Test
        void unknownFileOrDomainIsEnoent() throws Exception {
            mvc.perform(get(SYSFS, 901, "selfballoon_downhys")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.errno").value("ENOENT"));
            mvc.perform(get(SYSFS, 999, "selfballooning")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.errno").value("ENOENT"));
        }

        @Test
        void aNonNumericDomidIsEinval() throws Exception {
            mvc.perform(get(SYSFS, "x", "selfballooning")).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errno").value("EINVAL"));
        }
    }

    @Nested
    class Json {
        @Test
        void viewShowsTunablesAndWorker() throws Exception {
            mvc.perform(get(JSON, 901))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.selfballooning").value(1))
                    .andExpect(jsonPath("$.selfballoonInterval").value(5))
                    .andExpect(jsonPath("$.selfballoonReservedMb").value(100))
                    .andExpect(jsonPath("$.frontswapInertia").value(3))
                    .andExpect(jsonPath("$.worker.pending").value(true))
                    .andExpect(jsonPath("$.lastDecision").doesNotExist());
        }

        @Test
        void patchAppliesEveryField() throws Exception {
            mvc.perform(patch(JSON, 901).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"selfballoonDownhysteresis\": 4, \"frontswapInertia\": 6}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.selfballoonDownhysteresis").value(4))
                    .andExpect(jsonPath("$.frontswapInertia").value(6))
                    .andExpect(jsonPath("$.frontswap.inertiaCounter").value(6));
        }

        @Test
        void patchIsAllOrNothing() throws Exception {
            mvc.perform(patch(JSON, 901).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"selfballoonDownhysteresis\": 4, \"selfballoonUphysteresis\": 0}"))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errno").value("EINVAL"));
            mvc.perform(get(SYSFS, 901, "selfballoon_downhysteresis")).andExpect(content().string("8\n"));
        }

        @Test
        void patchChecksLikeTheStore() throws Exception {
            mvc.perform(patch(JSON, 901).contentType(MediaType.APPLICATION_JSON).content("{\"selfballoonInterval\": -1}"))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errno").value("EINVAL"));
            mvc.perform(patch(JSON, 901).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"selfballoonInterval\": 18446744073709551616}"))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errno").value("ERANGE"));
            mvc.perform(patch(JSON, 901).contentType(MediaType.APPLICATION_JSON).content("{\"frontswapSelfshrinking\": 2}"))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errno").value("EINVAL"));
        }

        @Test
        void patchRejectsWrongShapes() throws Exception {
            for (String body : new String[]{"{\"selfballoonInterval\": 1.5}", "{\"selfballoonInterval\": \"5\"}",
                    "{\"interval\": 5}", "[]"}) {
                mvc.perform(patch(JSON, 901).contentType(MediaType.APPLICATION_JSON).content(body))
                        .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errno").value("EINVAL"));
            }
        }

        @Test
        void patchByAnOrdinaryUserIsEperm() throws Exception {
            mvc.perform(patch(JSON, 901).header("X-Xen-Domid", "901").header("X-Guest-Root", "false")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"selfballoonInterval\": 7}"))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.errno").value("EPERM"));
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("org.xenemu.selfballoon.web.SelfballoonWebTest#patchTable")
        void everyMemberParsesAsItsStore(Tunable t, String token, Expect expect) throws Exception {
            int before = guest901.tunables().raw(t);
            ResultActions r = mvc.perform(patch(JSON, 901).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"" + t.jsonName() + "\": " + token + "}"));
            if (expect.errno() == null) {
                r.andExpect(status().isOk()).andExpect(jsonPath("$." + t.jsonName()).value(expect.shown()));
                mvc.perform(get(SYSFS, 901, t.fileName())).andExpect(content().string(expect.shown() + "\n"));
            } else {
                r.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errno").value(expect.errno()));
                assertThat(guest901.tunables().raw(t)).as("unchanged").isEqualTo(before);
            }
        }

        @ParameterizedTest
        @EnumSource(Tunable.class)
        void everyMemberIsEpermForAnOrdinaryUserWhateverTheValue(Tunable t) throws Exception {
            int before = guest901.tunables().raw(t);
            for (String token : new String[]{"1", "0", "18446744073709551616"}) {
                mvc.perform(patch(JSON, 901).header("X-Xen-Domid", "901").header("X-Guest-Root", "false")
                                .contentType(MediaType.APPLICATION_JSON).content("{\"" + t.jsonName() + "\": " + token + "}"))
                        .andExpect(status().isForbidden()).andExpect(jsonPath("$.errno").value("EPERM"));
            }
            assertThat(guest901.tunables().raw(t)).isEqualTo(before);
        }

        @Test
        void anotherGuestIsEacces() throws Exception {
            mvc.perform(get(JSON, 901).header("X-Xen-Domid", "902"))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.errno").value("EACCES"));
        }
    }
}
