package org.nelmregistry.common.rest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem details, with the registry's {@code errors} extension. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<ProblemError> errors,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, new LinkedHashMap<>());
    }

    public static Problem invalid(List<ProblemError> errors) {
        return new Problem("https://nelm-registry.org/problems/validation", "Invalid request", 400,
                errors.size() + " violation(s) of the case report form", List.copyOf(errors), new LinkedHashMap<>());
    }

    /** Adds a member beside the standard ones (e.g. {@code existing_id}). */
    public Problem with(String name, Object value) {
        Map<String, Object> ext = new LinkedHashMap<>(extensions);
        ext.put(name, value);
        return new Problem(type, title, status, detail, errors, ext);
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }
}
