package org.xenemu.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.config.CallerWebConfig;
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
    @Validated
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

        @GetMapping("/api/v1/test/iae")
        String iae() {
            return Integer.toString(Integer.parseInt("secret"));
        }

        @GetMapping("/api/v1/test/limit")
        String limit(@RequestParam @Min(1) @Max(10) int limit) {
            return "ok";
        }

        record Body(@NotNull @Pattern(regexp = "a|b", message = "must be a or b") String mode, Integer count) {
        }

        @PostMapping("/api/v1/test/body")
        String body(@Valid @RequestBody Body body) {
            return "ok";
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

    @Test
    void anIllegalArgumentFromABugIsA500NotTheCallersFault() throws Exception {
        mvc.perform(get("/api/v1/test/iae"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.errno").value("EIO"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret"))));
    }

    @ParameterizedTest
    @CsvSource({"0", "11", "-1"})
    void anOutOfRangeQueryParameterIsEinvalNamingIt(String limit) throws Exception {
        mvc.perform(get("/api/v1/test/limit?limit=" + limit))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errno").value("EINVAL"))
                .andExpect(jsonPath("$.field").value("limit"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"mode\":\"c\"}|mode",
            "{}|mode",
            "{\"mode\":\"a\",\"count\":\"x\"}|count",
            "{\"mode\":\"a\",\"count\":1.5}|count",
            "{\"mode\":\"a\",\"extra\":1}|extra"})
    void aBadBodyIsEinvalNamingTheField(String body, String field) throws Exception {
        mvc.perform(post("/api/v1/test/body").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errno").value("EINVAL"))
                .andExpect(jsonPath("$.field").value(field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{", "[]", "''", "null"})
    void aMalformedOrMissingBodyIsEinval(String body) throws Exception {
        mvc.perform(post("/api/v1/test/body").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errno").value("EINVAL"));
    }

    @Test
    void aDuplicateJsonKeyIsEinval() throws Exception {
        mvc.perform(post("/api/v1/test/body").contentType(MediaType.APPLICATION_JSON).content("{\"mode\":\"a\",\"mode\":\"b\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errno").value("EINVAL"));
    }

    @Test
    void aWildcardContentTypeIs415NotABug() throws Exception {
        mvc.perform(post("/api/v1/test/body").header("Content-Type", "*/*").content("{\"mode\":\"a\"}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.errno").value("EINVAL"));
    }
}
