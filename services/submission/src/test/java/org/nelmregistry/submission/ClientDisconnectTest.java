package org.nelmregistry.submission;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import org.nelmregistry.common.security.PermissionGrants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.Poll;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that closes its connection mid-upload is no server error: DEBUG, no stack trace. */
@QuarkusTest
@TestSecurity(user = "c001-submitter", roles = "centre-submitter", attributes = @SecurityAttribute(key = "centre_id", value = "C001"), augmentors = PermissionGrants.class)
class ClientDisconnectTest {

    static final Logger MAPPERS = Logger.getLogger("org.nelmregistry.common.rest.ProblemMappers");

    @TestHTTPResource("/")
    URI url;

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    Level before;

    @BeforeEach
    void listen() {
        before = MAPPERS.getLevel();
        MAPPERS.setLevel(Level.FINE);
        capture.setLevel(Level.ALL);
        MAPPERS.addHandler(capture);
    }

    @AfterEach
    void stop() {
        MAPPERS.removeHandler(capture);
        MAPPERS.setLevel(before);
    }

    @Test
    void anUploadCutShortIsLoggedAtDebugWithoutStackTrace() throws Exception {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: " + url.getHost() + "\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("patient.local_ref\n" + "x\n".repeat(32 * 1024)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } // closed with 9.9 MB still to come
        LogRecord r = Poll.until("the mapper's record of the cut upload", () -> records.stream()
                .filter(x -> x.getMessage() != null && String.valueOf(x.getMessage()).contains("client closed the connection"))
                .findFirst().orElse(null), x -> x != null);
        assertTrue(r.getLevel().intValue() < Level.INFO.intValue(), "below INFO: " + r.getLevel());
        assertTrue(r.getThrown() == null, "no stack trace");
        assertTrue(records.stream().noneMatch(x -> x.getLevel().intValue() >= Level.SEVERE.intValue()),
                "nothing at ERROR: " + records.stream().map(LogRecord::getMessage).toList());
    }
}
