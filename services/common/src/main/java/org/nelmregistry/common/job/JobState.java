package org.nelmregistry.common.job;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;

import java.util.Locale;

/** The states of every job (import, replay, rebuild, export), as the REST contract writes them. */
public enum JobState {
    QUEUED, RUNNING, COMPLETED, FAILED;

    /** {@code queued}, {@code running}, {@code completed}, {@code failed}: the JSON value and the column value. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }

    public static JobState of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** The column holds {@link #wire()} (the same text the tables always held). */
    @jakarta.persistence.Converter
    public static class Column implements AttributeConverter<JobState, String> {
        @Override
        public String convertToDatabaseColumn(JobState state) {
            return state == null ? null : state.wire();
        }

        @Override
        public JobState convertToEntityAttribute(String column) {
            return column == null ? null : of(column);
        }
    }
}
