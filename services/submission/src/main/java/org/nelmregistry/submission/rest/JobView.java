package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.submission.Job;
import org.nelmregistry.submission.JobRow;

import java.util.List;

/** A job as the REST conventions show it: id, kind, status, done, total, who and when, and its summary. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobView(String id, String kind, JobState status, long done, long total, String createdBy, String createdAt,
        String finishedAt, JsonNode summary) {

    static JobView of(Job j) {
        return new JobView(j.id.toString(), j.kind, j.status, j.done, j.total, j.createdBy, j.createdAt.toString(),
                j.finishedAt == null ? null : j.finishedAt.toString(), j.summary);
    }

    /** An import's status: the job and one page of its per-row results. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ImportStatus(String id, String kind, JobState status, long done, long total, String createdBy,
            String createdAt, String finishedAt, JsonNode summary, RowPage results) {

        static ImportStatus of(Job j, RowPage results) {
            JobView v = JobView.of(j);
            return new ImportStatus(v.id, v.kind, v.status, v.done, v.total, v.createdBy, v.createdAt, v.finishedAt,
                    v.summary, results);
        }
    }

    /** A page of per-row results, in the list convention. */
    public record RowPage(List<Row> items, long total, int page, int size) {
    }

    /** One row: its number, outcome and case; {@code errors} on a rejected row, {@code warnings} on an accepted one. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Row(int row, String outcome, String caseId,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode errors,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode warnings) {

        static Row of(JobRow r, JsonNode problems) {
            boolean rejected = "rejected".equals(r.outcome);
            return new Row(r.key.rowNo(), r.outcome, r.caseId == null ? null : r.caseId.toString(),
                    rejected ? problems : null, rejected ? null : problems);
        }
    }
}
