package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Field-level differences between two revisions of a case, as JSON pointers. */
public final class JsonDiff {

    /** One changed field: its pointer, old and new value (null when absent). */
    public record Change(String pointer, JsonNode oldValue, JsonNode newValue) {
    }

    private JsonDiff() {
    }

    public static List<Change> between(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = flatten(before);
        Map<String, JsonNode> b = flatten(after);
        List<Change> out = new ArrayList<>();
        for (String p : new TreeSet<>(union(a, b))) {
            JsonNode x = a.get(p);
            JsonNode y = b.get(p);
            if (x == null ? y != null : !x.equals(y)) {
                out.add(new Change(p, x, y));
            }
        }
        return out;
    }

    private static java.util.Set<String> union(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    /** Leaves by pointer; arrays of scalars (enum-sets) stay whole. */
    static Map<String, JsonNode> flatten(JsonNode n) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        walk(n, "", out);
        return out;
    }

    private static void walk(JsonNode n, String p, Map<String, JsonNode> out) {
        if (n == null || n.isNull()) {
            return;
        }
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> walk(e.getValue(), p + "/" + e.getKey(), out));
        } else if (n.isArray() && n.size() > 0 && n.get(0).isContainerNode()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), p + "/" + i, out);
            }
        } else {
            out.put(p, n);
        }
    }
}
