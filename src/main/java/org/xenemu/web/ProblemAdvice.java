package org.xenemu.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place HTTP errors are rendered. Engine errors ({@link XenException}) keep their errno;
 * framework refusals (unknown route, wrong method, unreadable body, failed validation) become the
 * errno their status stands for; anything unexpected is a 500 EIO without a stack trace (the log
 * has it, within {@link ProblemLog}'s bounds). Nothing the caller sent is echoed in a framework
 * refusal's detail: not a method name, not a header.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(XenException.class)
    ResponseEntity<ProblemDetail> xen(XenException e, HttpServletRequest request) {
        return Problems.response(e, request.getRequestURI());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return invalid("parameter '" + e.getName() + "' has an invalid value", e.getName(), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e, HttpServletRequest request) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> "'" + lastNode(v.getPropertyPath().toString()) + "' " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        String field = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString())).sorted().findFirst().orElse(null);
        return invalid(detail, field, request);
    }

    /** A body Jackson cannot bind for a reason it reports as conversion (e.g. a duplicate key). */
    @ExceptionHandler(HttpMessageConversionException.class)
    ResponseEntity<ProblemDetail> conversion(HttpMessageConversionException e, HttpServletRequest request) {
        return invalid("malformed request body", null, request);
    }

    /**
     * Spring refuses a wildcard Content-Type ({@code *}{@code /*}) with a bare IllegalArgumentException
     * while reading the body: that one is the caller's 415; any other is a bug (500).
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType != null && contentType.contains("*")) {
            return Problems.response(415, Errno.EINVAL, "Content-Type must name one media type, not a wildcard",
                    request.getRequestURI());
        }
        return unexpected(e, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        ProblemLog.shared().failed(request.getMethod(), request.getRequestURI(), e);
        return Problems.response(500, Errno.EIO, "internal error; see the service log", request.getRequestURI());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> "'" + f.getField() + "' " + f.getDefaultMessage())
                .sorted().collect(Collectors.joining("; "));
        if (detail.isEmpty()) {
            detail = ex.getBindingResult().getAllErrors().stream()
                    .map(e -> String.valueOf(e.getDefaultMessage())).collect(Collectors.joining("; "));
        }
        String field = ex.getBindingResult().getFieldErrors().isEmpty() ? null
                : ex.getBindingResult().getFieldErrors().get(0).getField();
        return widen(invalid(detail, field, ((ServletWebRequest) request).getRequest()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(e -> "'" + r.getMethodParameter().getParameterName() + "' " + e.getDefaultMessage()))
                .sorted().collect(Collectors.joining("; "));
        String field = ex.getParameterValidationResults().stream()
                .map(r -> r.getMethodParameter().getParameterName()).findFirst().orElse(null);
        return widen(invalid(detail, field, ((ServletWebRequest) request).getRequest()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        @Nullable String field = null;
        String detail = "malformed request body";
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            field = u.getPropertyName();
            detail = "unknown field '" + field + "'";
        } else if (cause instanceof DatabindException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = cause instanceof InvalidFormatException
                    ? "field '" + field + "' has a value of the wrong type or format"
                    : "field '" + field + "' is malformed";
        } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            detail = "a request body is required";
        }
        return widen(invalid(detail, field, ((ServletWebRequest) request).getRequest()));
    }

    /**
     * 405 with {@code Allow}, without Spring's WARN line per request, which carried the caller's
     * method name whatever its length ({@link RequestEdgeFilter} logs the refusal briefly).
     */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, null, headers, status, request);
    }

    /** Every other framework exception: keep Spring's status, add our errno, drop internals. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        int status = statusCode.value();
        String uri = ((ServletWebRequest) request).getRequest().getRequestURI();
        // Spring's 404 wording ("No static resource ...") names its internals, not the API.
        String detail = switch (status) {
            case 404 -> "no such resource: " + uri;
            case 405 -> "this resource does not take that method; Allow lists those it takes";
            case 406 -> "the Accept header is malformed or allows none of this resource's media types";
            case 415 -> "the Content-Type is malformed or not one this resource takes";
            default -> body instanceof ProblemDetail p && p.getDetail() != null ? p.getDetail() : ex.getMessage();
        };
        ProblemDetail problem = Problems.problem(status, Problems.errnoForStatus(status), detail, uri);
        HttpHeaders out = new HttpHeaders();
        if (headers.getAllow() != null && !headers.getAllow().isEmpty()) {
            out.setAllow(headers.getAllow());
        }
        out.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(status).headers(out).body(problem);
    }

    private static ResponseEntity<ProblemDetail> invalid(@Nullable String detail, @Nullable String field,
            HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = Problems.response(400, Errno.EINVAL, detail, request.getRequestURI());
        if (field != null && response.getBody() != null) {
            response.getBody().setProperty("field", field);
        }
        return response;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> widen(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
