package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.CaseSchema;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.submission.service.Limits;

/**
 * The machine-readable case report form and the JSON Schema of a case generated from it: field
 * codes are public, so anyone may read them, signed in or not.
 */
@Path("/api/v1/dictionary")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dictionary")
public class DictionaryResource {

    private static final ObjectNode DICTIONARY = build(CaseReportForm.current());
    /** The case body as a JSON Schema, bounded like this service's input (entries per repeating section). */
    private static final ObjectNode SCHEMA = CaseSchema.generate(CaseReportForm.current(), Limits.SECTION_ENTRIES);

    @GET
    @PermitAll
    @Operation(summary = "The case report form: sections, fields, types, values, ranges, privacy classes, rules and input limits")
    @APIResponse(responseCode = "200", description = "The dictionary",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public ObjectNode dictionary() {
        return DICTIONARY;
    }

    @GET
    @Path("/schema")
    @PermitAll
    @Produces({CaseSchema.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "The case body as a JSON Schema (draft 2020-12), generated from the case report form",
            description = "Checks each value on its own (types, date formats, listed values, ranges, required and unknown "
                    + "fields), as this service does; the cross-field rules R1-R11 are listed in its description and "
                    + "checked by this service only. Served as application/schema+json, or application/json when asked.")
    @APIResponse(responseCode = "200", description = "The JSON Schema of a case",
            content = {@Content(mediaType = CaseSchema.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT))})
    public ObjectNode schema() {
        return SCHEMA;
    }

    static ObjectNode build(CaseReportForm form) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("version", form.version());
        ArrayNode sections = out.putArray("sections");
        for (Section s : form.sections()) {
            ObjectNode sn = sections.addObject();
            sn.put("code", s.code());
            sn.put("cardinality", s.many() ? (s.atLeastOne() ? "many (at least one)" : "many") : "one");
            ArrayNode fields = sn.putArray("fields");
            for (Field fd : s.fields()) {
                ObjectNode fn = fields.addObject();
                fn.put("code", fd.code());
                fn.put("type", fd.type().code());
                if (fd.unit() != null) {
                    fn.put("unit", fd.unit());
                }
                if (!fd.values().isEmpty()) {
                    fd.values().forEach(fn.putArray("values")::add);
                }
                if (fd.min() != null) {
                    fn.put("min", fd.min());
                }
                if (fd.max() != null) {
                    fn.put("max", fd.max());
                }
                fn.put("required", fd.required().code());
                fn.put("privacy", fd.privacy().code());
                if (fd.note() != null) {
                    fn.put("note", fd.note());
                }
                if (fd.requiredWhen() != null) {
                    ObjectNode w = fn.putObject("required_when");
                    w.put("trigger", fd.requiredWhen().describe());
                    w.put("rule", fd.requiredWhen().rule());
                    w.put("only_then", fd.requiredWhen().only());
                }
            }
        }
        ObjectNode groups = out.putObject("procedure_groups");
        form.procedureGroups().forEach((k, v) -> v.forEach(groups.putArray(k)::add));
        ArrayNode rules = out.putArray("rules");
        form.rules().forEach(r -> rules.addObject().put("id", r.id()).put("text", r.text()));
        // the input bounds of the service: each exceeded one is a 4xx problem naming its rule
        out.set("limits", Limits.describe());
        return out;
    }
}
