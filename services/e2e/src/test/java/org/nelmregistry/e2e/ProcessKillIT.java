package org.nelmregistry.e2e;

import org.junit.jupiter.api.Test;
import org.nelmregistry.testsupport.FaultScenario;
import org.nelmregistry.testsupport.FaultStack;
import org.nelmregistry.testsupport.ServiceProcess;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill -9 under load (issue #12, one instance per service): while clients of four centres submit
 * 2,000 cases with revisions, withdrawals and invalid submissions mixed in, and a replay job runs,
 * submission, de-identification, reporting and the broker are each killed with SIGKILL once, in a
 * seeded random order at seeded random moments, and only that process is started again. Every
 * accepted case ends in reporting exactly once at its latest revision, no withdrawn or rejected
 * one anywhere, the replay job ends completed or failed with a reason, and every service is ready
 * again without the others being restarted.
 * <p>
 * Its own broker (19392) and services (18291-18293, databases {@code <service>_faults}, created
 * fresh by {@code ./registry test}). {@code -Dfaults.seed=N} repeats a run (the seed is printed);
 * {@code -Dfaults.cases=N} changes its size. The scenario itself is test-support's
 * {@link FaultScenario}, shared with {@code ./registry bench faults}.
 */
class ProcessKillIT {

    static final int KAFKA_PORT = 19392;
    static final int FIRST_SERVICE_PORT = 18291;

    @Test
    void everyAcceptedCaseIsReportedOnceAtItsLatestRevisionWhileEachProcessIsKilled() throws Exception {
        long seed = Long.getLong("faults.seed", new Random().nextLong());
        int cases = Integer.getInteger("faults.cases", 2000);
        System.out.println("ProcessKillIT seed " + seed + " (repeat with -Dfaults.seed=" + seed + ")");
        FaultStack.Options options = new FaultStack.Options(RegistryStack.root(),
                RegistryStack.root().resolve("services/e2e/target/process-kill"), KAFKA_PORT, FIRST_SERVICE_PORT, 1, 3,
                "_faults", Map.of());
        try (FaultStack stack = FaultStack.start(options)) {
            String run = "pk" + UUID.randomUUID().toString().substring(0, 4);
            FaultScenario.Settings settings = new FaultScenario.Settings(cases, 6, seed,
                    List.of("c001-submitter", "c002-submitter", "c003-submitter", "c004-submitter"),
                    0.25, 0.05, 0.03, 4, Duration.ofSeconds(300), run);
            FaultScenario.Result r = FaultScenario.run(stack, settings);

            String seedNote = " (seed " + seed + ")";
            assertEquals(cases, r.accepted(), "every case accepted in the end" + seedNote);
            assertTrue(r.revisions() > 0 && r.withdrawn() > 0 && r.rejected() > 0,
                    "revisions, withdrawals and rejections mixed in" + seedNote);
            assertEquals(Set.of("submission", "deidentification", "reporting", "kafka"),
                    r.kills().stream().map(FaultScenario.Kill::target).collect(Collectors.toSet()),
                    "each process killed once" + seedNote);
            assertEquals(0, r.lost(), "lost: accepted cases not in reporting at their latest revision" + seedNote);
            assertEquals(0, r.duplicated(), "duplicated: a second case or record for one submission" + seedNote);
            assertEquals(0, r.withdrawnPresent(), "withdrawn cases still in reporting" + seedNote);
            assertEquals(0, r.rejectedPresent(), "rejected submissions stored" + seedNote);
            assertEquals(cases - r.withdrawn(), r.reported(), "every active case reported" + seedNote);
            assertTrue(r.jobsFinished(), "every replay job completed or failed with a reason: " + r.jobs() + seedNote);
            // only the killed process was restarted: each service started twice (once killed), none more
            for (ServiceProcess p : stack.services()) {
                assertEquals(2, p.starts(), p.name() + " started once and restarted once after its kill" + seedNote);
                assertTrue(p.alive(), p.name() + " running");
            }
            assertTrue(stack.broker().alive(), "the broker running");
        }
    }
}
