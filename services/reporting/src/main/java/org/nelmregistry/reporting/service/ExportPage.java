package org.nelmregistry.reporting.service;

import java.util.List;

/** A page of exports, newest first. */
public record ExportPage(List<ExportView> items, long total, int page, int size) {
}
