package org.nelmregistry.common.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The list convention of the REST contract: {@code {"items": [...], "total": N, "page": 0, "size": 50}}. */
public final class Paged {

    public static final int MAX_SIZE = 500;

    private Paged() {
    }

    /** 400 problem unless {@code page >= 0} and {@code 1 <= size <= max}. */
    public static void check(int page, int size, int max) {
        if (page < 0 || size < 1 || size > max) {
            throw ProblemException.invalid("/size", "range", "page >= 0 and 1 <= size <= " + max);
        }
    }

    /** An empty envelope; add to its {@code items}. */
    public static ObjectNode envelope(long total, int page, int size) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putArray("items");
        out.put("total", total);
        out.put("page", page);
        out.put("size", size);
        return out;
    }

    public static ArrayNode items(ObjectNode envelope) {
        return (ArrayNode) envelope.get("items");
    }
}
