package org.nelmregistry.reporting.service;

import org.nelmregistry.reporting.repository.ExportRepository.RowSink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a table on a thread of its own and writes it on the caller's, a few thousand rows apart.
 * A cursor asks PostgreSQL for its next rows only when the reader wants them: read and write on one
 * thread, the database waits while the writer formats and compresses, and the writer waits while the
 * database works. Apart, they overlap. At most {@link #DEPTH} batches are in flight (bounded memory);
 * a failure on either side stops both and is thrown on the caller's thread.
 */
final class RowPipeline {

    static final int BATCH = 1000;
    static final int DEPTH = 8;

    /** Produces a table's rows into a sink (reusing its values array between rows is fine). */
    interface Producer {
        void produce(RowSink sink) throws SQLException, IOException;
    }

    private record Row(String casePseudonym, Object[] values) {
    }

    private static final List<Row> END = List.of();

    private RowPipeline() {
    }

    static void run(String name, Producer producer, RowSink consumer) throws SQLException, IOException {
        BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(DEPTH);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stopped = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            List<Row> batch = new ArrayList<>(BATCH);
            try {
                producer.produce((cp, values) -> {
                    batch.add(new Row(cp, values.clone()));
                    if (batch.size() == BATCH) {
                        hand(queue, List.copyOf(batch), stopped);
                        batch.clear();
                    }
                });
                hand(queue, List.copyOf(batch), stopped);
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                try {
                    hand(queue, END, stopped);
                } catch (InterruptedIOException e) {
                    // the writer stopped: nobody waits for the end
                }
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        try {
            for (List<Row> batch = take(queue); batch != END; batch = take(queue)) {
                for (Row r : batch) {
                    consumer.row(r.casePseudonym(), r.values());
                }
            }
        } finally {
            stopped.set(true);
            queue.clear(); // a reader blocked on a full queue sees the stop within its next wait
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable f = failure.get();
        if (f instanceof SQLException e) {
            throw e;
        } else if (f instanceof IOException e) {
            throw e;
        } else if (f instanceof RuntimeException e) {
            throw e;
        } else if (f instanceof Error e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private static void hand(BlockingQueue<List<Row>> queue, List<Row> batch, AtomicBoolean stopped) throws InterruptedIOException {
        try {
            do {
                if (stopped.get()) {
                    throw new InterruptedIOException("the writer stopped");
                }
            } while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private static List<Row> take(BlockingQueue<List<Row>> queue) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
