package org.nelmregistry.submission.service;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A reader that fails once more than a bound of characters is read since the caller last
 * marked a record boundary: the CSV parser then never holds an unbounded row or quoted cell in
 * memory. The parser reads ahead a buffer at a time, so the bound allows {@link #SLACK} more.
 */
final class BoundedRecordReader extends FilterReader {

    static final int SLACK = 64 * 1024;

    /** The row being read is longer than the limit. */
    static final class RowTooLong extends IOException {
        RowTooLong() {
            super("CSV row longer than the limit", null);
        }
    }

    private final long limit;
    private long sinceMark;

    BoundedRecordReader(Reader in, int maxRecordChars) {
        super(in);
        this.limit = (long) maxRecordChars + SLACK;
    }

    /** A record was completed: the count starts again. */
    void markRecord() {
        sinceMark = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws RowTooLong {
        sinceMark += n;
        if (sinceMark > limit) {
            throw new RowTooLong();
        }
    }

    static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RowTooLong) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
