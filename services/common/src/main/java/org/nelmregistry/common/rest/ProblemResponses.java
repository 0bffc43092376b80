package org.nelmregistry.common.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.List;

/**
 * Completes the responses Quarkus adds to every secured operation in {@code /q/openapi}: 401 has
 * no body (a token problem), 403 is problem+json like every other 4xx. The {@code Problem}
 * schema is added when no endpoint names it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String REF = "#/components/schemas/Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null) {
            APIResponse forbidden = operation.getResponses().getAPIResponse("403");
            if (forbidden != null && forbidden.getContent() == null) {
                forbidden.description("The caller's roles do not permit this operation, or a centre role has no centre")
                        .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))));
            }
            APIResponse unauthorised = operation.getResponses().getAPIResponse("401");
            if (unauthorised != null) {
                unauthorised.description("No token, or one the platform does not accept (no body)");
            }
        }
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
