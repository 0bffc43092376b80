package org.nelmregistry.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;

/**
 * Every error leaves as {@code application/problem+json}; never a stack trace. Messages of
 * unexpected exceptions are not logged either: a database error can quote submitted values.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response response(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return response(e.problem());
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return response(Problem.of(401, "Unauthorized", "a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response authFailed(AuthenticationFailedException e) {
        return response(Problem.of(401, "Unauthorized", "a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return response(Problem.of(403, "Forbidden", "your role does not allow this"));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String pointer = "";
        if (e instanceof JsonMappingException m) {
            pointer = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                    .reduce("", (a, b) -> a + "/" + b);
        }
        return response(Problem.invalid(List.of(new ProblemError(pointer, "format", "the body is not valid JSON of the expected shape"))));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<ProblemError> errors = e.getConstraintViolations().stream()
                .map(v -> new ProblemError("/" + leaf(v.getPropertyPath().toString()), "format", v.getMessage()))
                .toList();
        return response(Problem.invalid(errors));
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "no acceptable representation";
            case 415 -> "unsupported media type; send application/json";
            default -> title;
        };
        return response(Problem.of(status, title, detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String ref = UUID.randomUUID().toString();
        LOG.errorf("unexpected %s (ref %s) at %s", e.getClass().getName(), ref, where(e));
        return response(Problem.of(500, "Internal Server Error", "unexpected error; reference " + ref).with("reference", ref));
    }

    /** The throw site and cause chain by class only, without messages that may hold values. */
    static String where(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            StackTraceElement[] st = t.getStackTrace();
            sb.append(t.getClass().getSimpleName()).append('@').append(st.length > 0 ? st[0] : "?");
            if (t.getCause() != null && t.getCause() != t) {
                sb.append(" <- ");
            } else {
                break;
            }
        }
        return sb.toString();
    }
}
