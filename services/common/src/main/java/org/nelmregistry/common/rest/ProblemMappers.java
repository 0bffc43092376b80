package org.nelmregistry.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    /**
     * A JSON body beyond a bound of the parser (size, depth, string or number length): 413 for
     * the size, 400 otherwise, the rule naming the limit. The message is Jackson's own and holds
     * no submitted value, but it is not passed on: the rule and a fixed detail say it all.
     */
    @ServerExceptionMapper
    public Response jsonLimit(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("DocumentLength")) {
            return response(new Problem("about:blank", "Content Too Large", 413, "the JSON body is larger than allowed",
                    List.of(new ProblemError("", "limit-body-size", "the JSON body is larger than allowed (see the service's limits)")),
                    new java.util.LinkedHashMap<>()));
        }
        String rule = m.contains("NestingDepth") ? "limit-json-depth"
                : m.contains("StringLength") ? "limit-string-length"
                : m.contains("NumberLength") ? "limit-number-length"
                : m.contains("NameLength") ? "limit-name-length" : "limit-json";
        return response(Problem.invalid(List.of(new ProblemError("", rule, "the JSON body exceeds a limit of the parser: " + rule))));
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
        // the REST layer wraps a body the JSON parser refused: answer as for the parser's own exception
        if (e.getCause() instanceof StreamConstraintsException limit) {
            return jsonLimit(limit);
        }
        if (e.getCause() instanceof JsonProcessingException invalid && e.getResponse().getStatus() == 400) {
            return json(invalid);
        }
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

    /**
     * An I/O error while the request is read or answered is, in practice, the client going away
     * (a closed connection mid-upload): logged at DEBUG without a stack trace. Any other I/O
     * error is unexpected.
     */
    @ServerExceptionMapper
    public Response io(IOException e) {
        return clientGoneOr(e);
    }

    @ServerExceptionMapper
    public Response uncheckedIo(UncheckedIOException e) {
        return clientGoneOr(e);
    }

    private Response clientGoneOr(Exception e) {
        if (!clientClosed(e)) {
            return unexpected(e);
        }
        LOG.debugf("client closed the connection during the request (%s)", e.getClass().getSimpleName());
        return response(Problem.of(400, "Bad Request", "the connection was closed before the request was complete"));
    }

    /** Whether an exception (or one of its causes) is a connection closed or reset by the peer. */
    static boolean clientClosed(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.EOFException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.equals("io.vertx.core.http.HttpClosedException")
                    || name.equals("io.netty.channel.StacklessClosedChannelException")) {
                return true;
            }
            // Vert.x and the JDK say so only in the message (a fixed text, never request data)
            String m = t.getMessage();
            if (m != null && (m.contains("Connection was closed") || m.contains("Connection reset")
                    || m.contains("Broken pipe") || m.contains("Stream is closed"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
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
