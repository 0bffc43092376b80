package org.nelmregistry.common.rest;

/**
 * One violation in a problem's {@code errors}: a JSON pointer into the request, the rule id
 * (a case report form rule such as {@code R3-who-grade}, or {@code type}, {@code format},
 * {@code required}, {@code enum}, {@code range}, {@code unknown-field}) and a readable detail
 * that never repeats the submitted value.
 */
public record ProblemError(String pointer, String rule, String detail) {
}
