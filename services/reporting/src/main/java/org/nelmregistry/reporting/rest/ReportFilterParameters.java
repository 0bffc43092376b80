package org.nelmregistry.reporting.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.nelmregistry.reporting.report.QueryRestriction;

import java.util.Map;

/**
 * Documents the filters and {@code freeze} that every report takes. The reports read them from the
 * query as a whole (ReportParameters checks them together), so they are not method parameters
 * Quarkus could see; the list here is the same {@link QueryRestriction#FILTERS} the check uses.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ReportFilterParameters implements OASFilter {

    static final String REPORTS = "/api/v1/reports/";
    static final String NOT_A_REPORT = "/api/v1/reports/audit";
    static final String MY_CENTRE = "/api/v1/reports/my-centre";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> e : openAPI.getPaths().getPathItems().entrySet()) {
            String path = e.getKey();
            Operation get = e.getValue().getGET();
            if (!path.startsWith(REPORTS) || path.equals(NOT_A_REPORT) || get == null) {
                continue;
            }
            for (String name : QueryRestriction.FILTERS.stream().sorted().toList()) {
                if (name.equals("centre_id") && path.equals(MY_CENTRE)) {
                    continue; // the caller's own centre, always
                }
                boolean year = name.startsWith("index_year");
                add(get, name, year ? Schema.SchemaType.INTEGER : Schema.SchemaType.STRING,
                        year ? "index year bound (inclusive); protected viewers: snapped outwards to 5-year periods"
                                : "only cases with this value (the form's code; centre_id: the centre's id)");
            }
            add(get, "freeze", Schema.SchemaType.STRING, "answer from the data freeze of this name (GET /api/v1/freezes)");
        }
    }

    private static void add(Operation op, String name, Schema.SchemaType type, String description) {
        if (op.getParameters() != null && op.getParameters().stream().anyMatch(p -> name.equals(p.getName()))) {
            return;
        }
        op.addParameter(OASFactory.createParameter().name(name).in(Parameter.In.QUERY).required(false)
                .description(description + "; at most once").schema(OASFactory.createSchema().addType(type)));
    }
}
