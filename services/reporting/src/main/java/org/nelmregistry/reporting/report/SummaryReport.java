package org.nelmregistry.reporting.report;

import java.util.List;

/** {@code {"by": [...], "cells": [...], "margins": [...], "total": {"count", "suppressed"}}}. */
public record SummaryReport(List<String> by, List<SummaryCell> cells, List<SummaryCell> margins, Count total) {
}
