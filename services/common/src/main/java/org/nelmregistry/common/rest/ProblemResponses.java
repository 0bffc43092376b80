package org.nelmregistry.common.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.List;

/**
 * Completes the error responses in {@code /q/openapi}: every 4xx an endpoint documents (and the
 * 403 Quarkus adds to a secured one) is problem+json with the {@code Problem} schema, as
 * ProblemMappers sends it; 401 has no body (a token problem). The {@code Problem} schema is added
 * when no endpoint names it. So an endpoint documents a 4xx with its code and reason only.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String REF = "#/components/schemas/Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return operation;
        }
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (code.equals("401")) {
                response.description("No token, or one the platform does not accept (no body)");
            } else if (code.startsWith("4") && response.getContent() == null) {
                // every 4xx but 401 is problem+json (ProblemMappers): an endpoint names the code and why
                if (code.equals("403") && (response.getDescription() == null || response.getDescription().equals("Not Allowed"))) {
                    response.description("The caller's permissions do not allow this, or a centre role has no centre");
                }
                response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))));
            }
        });
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.components(components);
        }
        if (components.getSchemas() == null || !components.getSchemas().containsKey("Problem")) {
            Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
            components.addSchema("Problem", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                    .description("RFC 9457 problem details with the registry's errors extension")
                    .addProperty("type", text).addProperty("title", text)
                    .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                    .addProperty("detail", text)
                    .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                            .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)))
                    .required(List.of("type", "title", "status")));
        }
    }
}
