package org.nelmregistry.submission;

import java.util.List;

/** One page of a search: its rows and the number of rows matching in all. */
public record Slice<T>(List<T> items, long total) {
}
