package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One generated case: the centre that submits it (its token decides the centre, so the id is
 * beside the body, not in it) and the body of {@code POST /api/v1/cases}.
 */
public record GeneratedCase(String centreId, ObjectNode body) {

    public String localRef() {
        return body.path("patient").path("local_ref").asText();
    }
}
