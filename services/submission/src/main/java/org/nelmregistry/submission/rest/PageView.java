package org.nelmregistry.submission.rest;

import org.nelmregistry.submission.Slice;

import java.util.List;
import java.util.function.Function;

/** The list convention of the REST contract: {@code {"items": [...], "total": N, "page": 0, "size": 50}}. */
public record PageView<T>(List<T> items, long total, int page, int size) {

    static <E, T> PageView<T> of(Slice<E> slice, int page, int size, Function<E, T> view) {
        return new PageView<>(slice.items().stream().map(view).toList(), slice.total(), page, size);
    }
}
