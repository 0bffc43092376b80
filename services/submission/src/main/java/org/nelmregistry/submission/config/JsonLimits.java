package org.nelmregistry.submission.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.nelmregistry.submission.service.Limits;

/**
 * Bounds every JSON body the service reads: size (also when it comes chunked, without a
 * Content-Length the {@link BodySizeLimit} could check), nesting depth and string length. An
 * exceeded bound is a 4xx problem naming it (common ProblemMappers). Imports use their own
 * copy without the size bound.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(Limits.CASE_BODY_BYTES)
                .maxNestingDepth(Limits.JSON_DEPTH)
                .maxStringLength(Limits.CASE_BODY_BYTES)
                .build());
    }
}
