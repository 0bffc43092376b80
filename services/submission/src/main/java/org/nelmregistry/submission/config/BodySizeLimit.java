package org.nelmregistry.submission.config;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.nelmregistry.submission.service.Limits;

/**
 * Per-endpoint request body limit. The HTTP server's own limit (quarkus.http.limits.max-body-size)
 * is the import's; every other endpoint takes a case-sized body, so a larger declared
 * Content-Length is refused before a byte of it is read: 413 problem+json, rule limit-body-size.
 * A body of unknown length (chunked, or HTTP/2 without content-length) is refused with 411: the
 * REST layer would buffer it whole before anything could check it.
 */
@ApplicationScoped
public class BodySizeLimit {

    static final String IMPORTS = "/api/v1/imports";
    static final java.util.Set<HttpMethod> BODY_METHODS = java.util.Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    void install(@Observes Router router) {
        // after the server's own upload limit (order -2), before authentication and the REST layer
        router.route().order(-1).handler(ctx -> {
            if (ctx.normalizedPath().equals(IMPORTS) || !BODY_METHODS.contains(ctx.request().method())) {
                // a GET/HEAD/DELETE carries no body to bound (an HTTP/2 GET may still be an open stream here)
                ctx.next();
                return;
            }
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length)) {
                refuse(ctx, 413, "Content Too Large", "a request body here has at most " + Limits.CASE_BODY_BYTES + " bytes");
            } else if (length == null && streamed(ctx.request())) {
                // a body of unknown length would be buffered whole by the REST layer before any check
                refuse(ctx, 411, "Length Required", "send Content-Length; a request body here has at most "
                        + Limits.CASE_BODY_BYTES + " bytes");
            } else {
                ctx.next();
            }
        });
    }

    private static void refuse(RoutingContext ctx, int status, String title, String detail) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
                        + "\",\"errors\":[{\"pointer\":\"\",\"rule\":\"" + Limits.RULE_BODY_SIZE + "\",\"detail\":\"" + detail
                        + "; only /api/v1/imports takes more\"}]}");
    }

    /** A body without a declared length: chunked (HTTP/1.1), or an HTTP/2 stream still open. */
    private static boolean streamed(HttpServerRequest r) {
        if (r.version() == HttpVersion.HTTP_2) {
            return !r.isEnded();
        }
        return r.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    static boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > Limits.CASE_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true; // not a length: no body of that size is read
        }
    }
}
