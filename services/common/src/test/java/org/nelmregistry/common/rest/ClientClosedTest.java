package org.nelmregistry.common.rest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which I/O errors are a client going away (DEBUG) and which are the server's (ERROR). */
class ClientClosedTest {

    @Test
    void aClosedOrResetConnectionIsTheClientGoingAway() {
        assertTrue(ProblemMappers.clientClosed(new UncheckedIOException(new IOException(new ClosedChannelException()))));
        assertTrue(ProblemMappers.clientClosed(new IOException("Connection was closed")));
        assertTrue(ProblemMappers.clientClosed(new UncheckedIOException(new IOException("Connection reset by peer"))));
    }

    @Test
    void otherIoErrorsStayUnexpected() {
        assertFalse(ProblemMappers.clientClosed(new UncheckedIOException(new IOException("No space left on device"))));
        assertFalse(ProblemMappers.clientClosed(new IOException()));
    }
}
