package org.xenemu.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/** Engine errors keep their errno and status; a broken invariant is a 500 without internals. */
@WebMvcTest(controllers = ProblemAdviceSliceTest.Failing.class)
@Import({ProblemAdviceSliceTest.Failing.class, ProblemAdvice.class, CallerWebConfig.class, TokenRegistry.class})
@org.springframework.boot.context.properties.EnableConfigurationProperties(org.xenemu.config.SecurityProperties.class)
class ProblemAdviceSliceTest {
    @Autowired
    MockMvc mvc;

    @RestController
    static class Failing {
        @GetMapping("/api/v1/test/errno/{name}")
        String errno(@org.springframework.web.bind.annotation.PathVariable String name) {
            throw XenException.of(Errno.valueOf(name), "refused for the test");
        }

        @GetMapping("/api/v1/test/bug")
        String bug() {
            throw new IllegalStateException("secret internal detail");
        }

        @GetMapping("/api/v1/test/npe")
        String npe() {
            throw new NullPointerException("secret");
        }
    }

    @Test
    void everyErrnoMapsToItsStatus() throws Exception {
        for (Errno errno : Errno.values()) {
            mvc.perform(get("/api/v1/test/errno/" + errno.name()))
                    .andExpect(status().is(errno.httpStatus()))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errno").value(errno.name()))
                    .andExpect(jsonPath("$.detail").value("refused for the test"));
        }
    }

    @Test
    void brokenInvariantIs500EioWithoutInternals() throws Exception {
        mvc.perform(get("/api/v1/test/npe"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.errno").value("EIO"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret"))));
    }
}
