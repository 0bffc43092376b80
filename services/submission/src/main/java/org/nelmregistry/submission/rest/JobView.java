package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.submission.Job;

/** A job as the REST conventions show it: id, status, done, total, and its summary. */
final class JobView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobView() {
    }

    static ObjectNode of(Job j) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", j.id.toString());
        o.put("kind", j.kind);
        o.put("status", j.status);
        o.put("done", j.done);
        o.put("total", j.total);
        o.put("created_by", j.createdBy);
        o.put("created_at", j.createdAt.toString());
        o.put("finished_at", j.finishedAt == null ? null : j.finishedAt.toString());
        try {
            o.set("summary", JSON.readTree(j.summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return o;
    }
}
