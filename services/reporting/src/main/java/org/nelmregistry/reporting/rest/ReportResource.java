package org.nelmregistry.reporting.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.common.rest.Paged;
import org.nelmregistry.common.security.Caller;
import org.nelmregistry.common.security.Permissions;
import org.nelmregistry.reporting.report.AlppsPanel;
import org.nelmregistry.reporting.report.FunnelReport;
import org.nelmregistry.reporting.report.OutcomeReport;
import org.nelmregistry.reporting.report.SummaryReport;
import org.nelmregistry.reporting.report.SurvivalReport;
import org.nelmregistry.reporting.service.CompletenessService;
import org.nelmregistry.reporting.service.ReportAuditService;
import org.nelmregistry.reporting.service.ReportParameters;
import org.nelmregistry.reporting.service.ReportService;


/**
 * The reports over the de-identified analytic store. Every request is audited first (who, which
 * report, its parameters, when); every report takes the same filters and {@code freeze}; protected
 * callers get the disclosure control of ARCHITECTURE.md.
 */
@Path("/api/v1/reports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reports")
public class ReportResource {

    /** Said in every report's OpenAPI description (the parameters are checked as a whole, from the query). */
    static final String FILTERS = " Filters (each at most once): procedure_type (the index procedure's), who_grade,"
            + " distribution_type, primary_site, centre_id, consent_scope, index_year_from, index_year_to; freeze=NAME"
            + " answers from a data freeze.";

    static final String READERS_DOC = "steering-committee, analyst, data-manager, registry-admin, centre-lead";
    static final String READ = " Permission " + Permissions.REPORT_READ + " (" + READERS_DOC + "); analysts and data managers"
            + " see exact numbers, every other reader protected output.";

    static final String BAD_QUERY = "an unknown, repeated or invalid parameter, or a protected viewer's query restriction"
            + " (the problem's errors name each parameter and rule)";

    @Inject
    ReportService reports;
    @Inject
    CompletenessService completeness;
    @Inject
    ReportAuditService audit;
    @Inject
    Caller caller;
    @Context
    UriInfo uri;

    private ReportParameters.Query query(String report) {
        audit.record(caller.name(), report, uri.getQueryParameters());
        return ReportParameters.parse(report, uri.getQueryParameters());
    }

    @GET
    @Path("summary")
    @PermissionsAllowed(Permissions.REPORT_READ)
    @Operation(summary = "Case counts by up to three dimensions (default centre_id,index_year,procedure_type), with margins and total",
            description = FILTERS + READ)
    @Parameter(name = "by", in = ParameterIn.QUERY, description = "A[,B[,C]]")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SummaryReport.class)))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    public SummaryReport summary() {
        return reports.summary(query(ReportParameters.SUMMARY), ViewerOf.of(caller));
    }

    @GET
    @Path("outcomes")
    @PermissionsAllowed(Permissions.REPORT_READ)
    @Operation(summary = "An outcome rate with exact 95% intervals by group; indicator=alpps_benchmarks gives the ALPPS panel",
            description = FILTERS + READ)
    @Parameter(name = "indicator", in = ParameterIn.QUERY, required = true,
            description = "death_90d, major_morbidity, phlf_bc, r0_resection or alpps_benchmarks")
    @Parameter(name = "by", in = ParameterIn.QUERY, description = "one dimension")
    @Parameter(name = "unit", in = ParameterIn.QUERY, description = "case (default) or procedure")
    @APIResponse(responseCode = "200", description = "an OutcomeReport, or the AlppsPanel for indicator=alpps_benchmarks",
            content = @Content(schema = @Schema(oneOf = {OutcomeReport.class, AlppsPanel.class})))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    public Object outcomes() {
        return reports.outcomes(query(ReportParameters.OUTCOMES), ViewerOf.of(caller));
    }

    @GET
    @Path("survival")
    @PermissionsAllowed(Permissions.REPORT_READ)
    @Operation(summary = "Kaplan-Meier overall or recurrence-free survival (log-log intervals), with log-rank by group",
            description = FILTERS + READ)
    @Parameter(name = "endpoint", in = ParameterIn.QUERY, description = "os (default) or rfs")
    @Parameter(name = "by", in = ParameterIn.QUERY, description = "one dimension")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SurvivalReport.class)))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    public SurvivalReport survival() {
        return reports.survival(query(ReportParameters.SURVIVAL), ViewerOf.of(caller));
    }

    @GET
    @Path("funnel")
    @PermissionsAllowed(Permissions.REPORT_READ)
    @Operation(summary = "Centre rates against volume with exact binomial 95% and 99.8% limits",
            description = FILTERS + READ)
    @Parameter(name = "indicator", in = ParameterIn.QUERY, required = true,
            description = "death_90d, major_morbidity, phlf_bc or r0_resection")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FunnelReport.class)))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    public FunnelReport funnel() {
        return reports.funnel(query(ReportParameters.FUNNEL), ViewerOf.of(caller));
    }

    @GET
    @Path("completeness")
    @PermissionsAllowed(Permissions.REPORT_READ)
    @Operation(summary = "Per centre and released field: the share of cases with the field present",
            description = FILTERS + READ)
    @APIResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = CompletenessService.CompletenessReport.class)))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    public CompletenessService.CompletenessReport completeness() {
        return completeness.completeness(query(ReportParameters.COMPLETENESS), ViewerOf.of(caller));
    }

    @GET
    @Path("my-centre")
    @PermissionsAllowed(Permissions.REPORT_MY_CENTRE)
    @Operation(summary = "The caller's centre (exact) beside the registry (protected): accrual, outcomes, survival",
            description = FILTERS + " Permission " + Permissions.REPORT_MY_CENTRE + " (centre-lead).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReportService.MyCentreReport.class)))
    @APIResponse(responseCode = "400", description = BAD_QUERY)
    @APIResponse(responseCode = "403", description = "not a centre lead, or the token carries no centre_id")
    public ReportService.MyCentreReport myCentre() {
        ReportParameters.Query q = query(ReportParameters.MY_CENTRE);
        return reports.myCentre(q, caller.requireCentre());
    }

    @GET
    @Path("audit")
    @PermissionsAllowed(Permissions.AUDIT_READ)
    @Operation(summary = "The report audit, newest first: who asked for which report with which parameters, when",
            description = "Permission " + Permissions.AUDIT_READ + " (registry-admin).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReportAuditService.AuditPage.class)))
    @APIResponse(responseCode = "400", description = "page or size out of range")
    public ReportAuditService.AuditPage audit(
            @Parameter(description = "0-based page") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "entries per page, at most " + Paged.MAX_SIZE) @QueryParam("size") @DefaultValue("50") int size) {
        Paged.check(page, size, Paged.MAX_SIZE);
        return audit.page(page, size);
    }
}
