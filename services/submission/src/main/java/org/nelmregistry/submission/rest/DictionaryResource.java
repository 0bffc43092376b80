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
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;

/** The machine-readable case report form: field codes are public, so anyone may read it. */
@Path("/api/v1/dictionary")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DictionaryResource {

    private static final ObjectNode DICTIONARY = build(CaseReportForm.current());

    @GET
    @PermitAll
    public ObjectNode dictionary() {
        return DICTIONARY;
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
        out.set("limits", org.nelmregistry.submission.service.Limits.describe());
        return out;
    }
}
