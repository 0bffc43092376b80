package org.nelmregistry.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.nelmregistry.reporting.report.QueryRestriction;
import org.nelmregistry.reporting.rest.DashboardConfigResource;
import org.nelmregistry.reporting.rest.ExportResource;
import org.nelmregistry.reporting.rest.FreezeResource;
import org.nelmregistry.reporting.rest.RebuildResource;
import org.nelmregistry.reporting.rest.ReportResource;
import org.nelmregistry.testsupport.OpenApiContract;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/openapi describes every endpoint of this service: typed 2xx bodies, problem+json 4xx, snake_case names as served. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyEndpointIsDocumented() throws Exception {
        OpenApiContract.check(OpenApiContract.served(), ReportResource.class, ExportResource.class, FreezeResource.class,
                DashboardConfigResource.class, RebuildResource.class);
    }

    @Test
    void theSchemasNameThePropertiesAsTheyAreServed() throws Exception {
        JsonNode schemas = OpenApiContract.served().path("components").path("schemas");
        assertTrue(schemas.path("ExportView").path("properties").has("requested_by"), schemas.path("ExportView").toString());
        assertTrue(schemas.path("ExportView").path("properties").has("file_sha256"), schemas.path("ExportView").toString());
        assertTrue(schemas.path("ExportRequest").path("properties").has("purpose"), schemas.path("ExportRequest").toString());
        assertTrue(schemas.path("FreezeView").path("properties").has("case_count"), schemas.path("FreezeView").toString());
        assertTrue(schemas.path("FreezeRequest").path("properties").has("name"), schemas.path("FreezeRequest").toString());
        assertTrue(schemas.path("CodebookView").path("properties").has("columns"), schemas.path("CodebookView").toString());
        assertTrue(schemas.path("DashboardConfig").path("properties").has("auth_server_url"),
                schemas.path("DashboardConfig").toString());
    }

    /** The filters every report reads from its query are parameters of each report (not of the audit). */
    @Test
    void everyReportDocumentsItsFilters() throws Exception {
        JsonNode paths = OpenApiContract.served().path("paths");
        for (String report : List.of("summary", "outcomes", "survival", "funnel", "completeness", "my-centre")) {
            List<String> names = new ArrayList<>();
            paths.path("/api/v1/reports/" + report).path("get").path("parameters").forEach(p -> names.add(p.path("name").asText()));
            for (String filter : QueryRestriction.FILTERS) {
                assertEquals(!(report.equals("my-centre") && filter.equals("centre_id")), names.contains(filter), report + " " + filter);
            }
            assertTrue(names.contains("freeze"), report + " freeze");
        }
        List<String> audit = new ArrayList<>();
        paths.path("/api/v1/reports/audit").path("get").path("parameters").forEach(p -> audit.add(p.path("name").asText()));
        assertFalse(audit.contains("freeze"), "the audit takes no report filters");
    }
}
