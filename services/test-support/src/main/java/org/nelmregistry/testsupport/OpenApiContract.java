package org.nelmregistry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks that a service's {@code /q/openapi} is a complete contract (issue #8): every JAX-RS
 * method of the given resources is there, with a 2xx response that has a schema (a 204 has no
 * body), every documented 4xx but 401 is RFC 9457 problem+json with the {@code Problem}
 * schema, an endpoint with a path parameter documents its 404, one with a body its 400, and a
 * secured one its 401 and 403.
 */
public final class OpenApiContract {

    /** Component names that say nothing about a body's shape. */
    static final Set<String> OPAQUE = Set.of("JsonNode", "ObjectNode", "ArrayNode", "Object", "Response");

    private OpenApiContract() {
    }

    /** The document the service under test serves at {@code /q/openapi} (REST Assured's base URI and port). */
    public static JsonNode served() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(io.restassured.RestAssured.given()
                    .queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Fails with every gap found (all of them, not only the first). */
    public static void check(JsonNode openapi, Class<?>... resources) {
        List<String> gaps = new ArrayList<>();
        int operations = 0;
        for (Class<?> resource : resources) {
            String base = path(resource.getAnnotation(Path.class));
            for (Method m : resource.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                operations++;
                String path = normalise(base + "/" + path(m.getAnnotation(Path.class)));
                String where = verb + " " + path + " (" + resource.getSimpleName() + "." + m.getName() + ")";
                JsonNode op = openapi.path("paths").path(path).path(verb.toLowerCase());
                if (op.isMissingNode()) {
                    gaps.add(where + ": not in /q/openapi");
                    continue;
                }
                check(openapi, op, m, resource, where, gaps);
            }
        }
        if (operations == 0) {
            gaps.add("no JAX-RS method in " + List.of(resources));
        }
        if (!gaps.isEmpty()) {
            throw new AssertionError(gaps.size() + " gap(s) in the OpenAPI contract:\n  " + String.join("\n  ", gaps));
        }
    }

    private static void check(JsonNode doc, JsonNode op, Method m, Class<?> resource, String where, List<String> gaps) {
        JsonNode responses = op.path("responses");
        boolean success = false;
        for (Iterator<String> it = responses.fieldNames(); it.hasNext(); ) {
            String code = it.next();
            JsonNode r = responses.path(code);
            if (code.startsWith("2")) {
                if (code.equals("204")) {
                    success = true;
                } else if (!hasSchema(doc, r.path("content"))) {
                    gaps.add(where + ": response " + code + " has no schema");
                } else {
                    success = true;
                }
            } else if (code.startsWith("4") && !code.equals("401")) {
                JsonNode schema = r.path("content").path("application/problem+json").path("schema");
                if (!schema.path("$ref").asText().endsWith("/Problem")) {
                    gaps.add(where + ": response " + code + " is not application/problem+json with the Problem schema");
                }
            }
        }
        if (!success) {
            gaps.add(where + ": no documented 2xx response with a schema");
        }
        boolean open = named(m.getAnnotations(), "PermitAll") || (named(resource.getAnnotations(), "PermitAll") && !secured(m));
        if (!open) {
            for (String code : List.of("401", "403")) {
                if (!responses.has(code)) {
                    gaps.add(where + ": secured, but " + code + " is not documented");
                }
            }
        }
        boolean pathParam = false;
        boolean body = false;
        for (Parameter p : m.getParameters()) {
            if (p.isAnnotationPresent(PathParam.class)) {
                pathParam = true;
            } else if (p.getAnnotations().length == 0) {
                body = true;
            } else if (!p.isAnnotationPresent(Context.class) && jaxrsParam(p) == null) {
                body = true;
            }
        }
        if (pathParam && !responses.has("404")) {
            gaps.add(where + ": has a path parameter, but 404 is not documented");
        }
        if (body && !responses.has("400")) {
            gaps.add(where + ": takes a body, but 400 is not documented");
        }
    }

    private static boolean named(Annotation[] annotations, String simpleName) {
        for (Annotation a : annotations) {
            if (a.annotationType().getSimpleName().equals(simpleName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean secured(Method m) {
        for (Annotation a : m.getAnnotations()) {
            String n = a.annotationType().getSimpleName();
            if (n.equals("RolesAllowed") || n.equals("PermissionsAllowed") || n.equals("Authenticated")) {
                return true;
            }
        }
        return false;
    }

    private static Annotation jaxrsParam(Parameter p) {
        for (Annotation a : p.getAnnotations()) {
            if (a.annotationType().getPackageName().startsWith("jakarta.ws.rs")
                    || a.annotationType().getPackageName().startsWith("org.jboss.resteasy.reactive")) {
                return a;
            }
        }
        return null;
    }

    /** A content map with at least one media type whose schema describes something. */
    static boolean hasSchema(JsonNode doc, JsonNode content) {
        for (JsonNode media : content) {
            JsonNode schema = media.path("schema");
            String ref = schema.path("$ref").asText("");
            if (!ref.isEmpty()) {
                String name = ref.substring(ref.lastIndexOf('/') + 1);
                if (!OPAQUE.contains(name) && !doc.path("components").path("schemas").path(name).isMissingNode()) {
                    return true;
                }
            } else if (schema.has("type") || schema.has("properties") || schema.has("items")
                    || schema.has("oneOf") || schema.has("anyOf") || schema.has("allOf")) {
                return true;
            }
        }
        return false;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
            if (hm != null) {
                return hm.value();
            }
        }
        return null;
    }

    private static String path(Path p) {
        return p == null ? "" : p.value();
    }

    /** {@code /api/v1//cases/{id: [0-9a-f-]+}/} → {@code /api/v1/cases/{id}}. */
    static String normalise(String path) {
        String p = path.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
