package org.nelmregistry.reporting.config;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caching of the dashboard's own files. Their URLs carry no version, so the static handler's
 * default ({@code public, immutable, max-age=86400}) would keep an old app.js for a day after a
 * deployment: they are sent with {@code Cache-Control: no-cache} and a content-hash ETag instead,
 * and a browser revalidating with {@code If-None-Match} gets a body-less 304. The ECharts webjar
 * URL names its version, so it keeps the static handler's long-lived immutable caching.
 */
@ApplicationScoped
public class DashboardCaching {

    static final String PATHS = "/|/index\\.html|/dashboard/[A-Za-z0-9._-]+";

    private final Map<String, Optional<String>> etags = new ConcurrentHashMap<>();

    void install(@Observes Router router) {
        router.routeWithRegex(PATHS).order(-1).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        Optional<String> etag = method == HttpMethod.GET || method == HttpMethod.HEAD
                ? etag(ctx.normalizedPath()) : Optional.empty();
        if (etag.isEmpty()) {
            ctx.next();
            return;
        }
        HttpServerResponse res = ctx.response();
        if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag.get())) {
            res.setStatusCode(304).putHeader(HttpHeaders.ETAG, etag.get()).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end();
            return;
        }
        // set when the headers go out, over whatever the static handler put there
        ctx.addHeadersEndHandler(v -> {
            if (res.getStatusCode() == 200) {
                res.headers().set(HttpHeaders.CACHE_CONTROL, "no-cache").set(HttpHeaders.ETAG, etag.get());
            }
        });
        ctx.next();
    }

    /** Kept for packaged files only: remembering every unknown name asked for would grow without bound. */
    private Optional<String> etag(String path) {
        Optional<String> known = etags.get(path);
        if (known != null) {
            return known;
        }
        Optional<String> etag = etagOf(path);
        if (etag.isPresent()) {
            etags.put(path, etag);
        }
        return etag;
    }

    static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip).map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals(etag) || t.equals("*"));
    }

    /** A strong ETag from the file's content, or empty when no such file is packaged. */
    static Optional<String> etagOf(String path) {
        String resource = "META-INF/resources" + (path.equals("/") ? "/index.html" : path);
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return Optional.of("\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
