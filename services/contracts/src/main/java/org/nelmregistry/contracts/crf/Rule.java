package org.nelmregistry.contracts.crf;

/** A cross-field rule of the case report form (R1..R11). */
public record Rule(String id, String text) {
}
