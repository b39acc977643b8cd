package org.xenemu.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents, on every operation of a controller, the problem+json answers any request may get.
 * Operation-specific errors are listed in each operation's description.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "400", description = "EINVAL / ERANGE: malformed path, header, body or value",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
@ApiResponse(responseCode = "401", description = "token mode: missing or unknown bearer token",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
@ApiResponse(responseCode = "403", description = "EACCES / EPERM: the caller may not do this",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
@ApiResponse(responseCode = "404", description = "ENOENT: no such resource",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
@ApiResponse(responseCode = "409", description = "EBUSY / EAGAIN / EEXIST / ENOTEMPTY / ENODEV: conflicts with current state",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
@ApiResponse(responseCode = "413", description = "E2BIG: value or reply too large",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
@ApiResponse(responseCode = "507", description = "ENOMEM / ENOSPC: out of memory or quota",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
@ApiResponse(responseCode = "500", description = "EIO: broken invariant (a bug; see the log)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiErrors.ProblemSchema.class)))
public @interface ApiErrors {

    /** The shape of every error body, for the OpenAPI document. */
    @Schema(name = "Problem", description = "RFC 9457 problem details with the errno name")
    record ProblemSchema(String type, String title, int status, String detail, String instance,
                         @Schema(example = "ENOENT") String errno) {
    }
}
