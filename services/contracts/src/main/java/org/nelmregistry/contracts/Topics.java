package org.nelmregistry.contracts;

/** Kafka topic names. infra/kafka/topics.conf creates them; a test keeps the two in step. */
public final class Topics {
    /** Identifiable case events, keyed by case id. Time retention: a transport, not a store. */
    public static final String CASE_EVENTS = "registry.case-events.v1";
    /** Latest de-identified record per case, keyed by case pseudonym; compacted. */
    public static final String DEIDENTIFIED_CASES = "registry.deidentified-cases.v1";
    /** Metadata (never payloads) of events a consumer could not process. */
    public static final String DEAD_LETTER = "registry.dead-letter.v1";

    public static final java.util.List<String> ALL = java.util.List.of(CASE_EVENTS, DEIDENTIFIED_CASES, DEAD_LETTER);

    private Topics() {
    }
}
