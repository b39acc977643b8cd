package org.xenemu.web;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** The problem+json body of a refusal, as a slice test sees it. */
public final class ProblemJson {
    private ProblemJson() {
    }

    /** Status, media type, errno, detail and instance; {@code detail} null to leave it unchecked. */
    public static ResultActions expectProblem(ResultActions result, int status, String errno, @Nullable String detail,
                                              String instance) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("about:blank"))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.errno").value(errno))
                .andExpect(jsonPath("$.instance").value(instance));
        if (detail != null) {
            result.andExpect(jsonPath("$.detail").value(detail));
        }
        return result;
    }
}
