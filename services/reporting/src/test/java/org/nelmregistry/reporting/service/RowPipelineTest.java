package org.nelmregistry.reporting.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowPipelineTest {

    @Test
    void everyRowArrivesInOrderWithItsOwnValuesOnTheCallersThread() throws Exception {
        int n = RowPipeline.BATCH * 3 + 17;
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Thread[] readerThread = {null};
        RowPipeline.run("test", sink -> {
            readerThread[0] = Thread.currentThread();
            Object[] reused = new Object[2];
            for (int i = 0; i < n; i++) {
                reused[0] = i;
                reused[1] = "v" + i;
                sink.row("c" + i, reused); // the producer reuses its array, as the repository does
            }
        }, (cp, values) -> {
            assertSame(caller, Thread.currentThread());
            seen.add(cp + "=" + values[0] + "/" + values[1]);
        });
        assertEquals(n, seen.size());
        for (int i = 0; i < n; i++) {
            assertEquals("c" + i + "=" + i + "/v" + i, seen.get(i));
        }
        assertNotEquals(caller, readerThread[0]);
    }

    @Test
    void aReadFailureReachesTheCaller() {
        SQLException cause = new SQLException("cursor lost");
        SQLException thrown = assertThrows(SQLException.class, () -> RowPipeline.run("test", sink -> {
            for (int i = 0; i < RowPipeline.BATCH + 1; i++) {
                sink.row("c" + i, new Object[] {i});
            }
            throw cause;
        }, (cp, values) -> {
        }));
        assertSame(cause, thrown);
    }

    @Test
    void aWriteFailureStopsTheReaderInsteadOfReadingTheWholeTable() {
        AtomicInteger produced = new AtomicInteger();
        IOException thrown = assertThrows(IOException.class, () -> RowPipeline.run("test", sink -> {
            for (int i = 0; i < 10_000_000; i++) {
                produced.incrementAndGet();
                sink.row("c" + i, new Object[] {i});
            }
        }, (cp, values) -> {
            throw new IOException("disk full");
        }));
        assertEquals("disk full", thrown.getMessage());
        // the reader stops within the batches in flight, far from the ten million it was asked for
        assertTrue(produced.get() <= RowPipeline.BATCH * (RowPipeline.DEPTH + 3), "produced " + produced.get());
    }
}
