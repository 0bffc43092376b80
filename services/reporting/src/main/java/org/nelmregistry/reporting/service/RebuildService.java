package org.nelmregistry.reporting.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.nelmregistry.common.job.JobRunner;
import org.nelmregistry.common.job.JobState;
import org.nelmregistry.contracts.Topics;
import org.nelmregistry.reporting.RebuildJob;
import org.nelmregistry.reporting.repository.AnalyticRepository;
import org.nelmregistry.reporting.repository.RebuildJobRepository;
import org.nelmregistry.reporting.repository.ReportCaseRepository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Rebuilds the analytic store from the compacted de-identified topic, as a job with progress: a
 * consumer of its own (no group, nothing committed) reads every partition from the beginning up to the
 * end offsets captured at the start, applying each message as the live consumer does (so the rows, and
 * the reports, come out the same), then drops live cases the topic no longer holds. Freezes are left
 * alone: only a withdrawal changes them.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    private static final int PROGRESS_EVERY = 500;
    private static final Duration POLL = Duration.ofMillis(500);

    @Inject
    RebuildJobRepository jobs;
    @Inject
    AnalyticStore store;
    @Inject
    AnalyticRepository analytic;
    @Inject
    ReportCaseRepository cases;
    @Inject
    JobRunner runner;

    @ConfigProperty(name = "registry.rebuild.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = "registry.rebuild.topic", defaultValue = Topics.DEIDENTIFIED_CASES)
    String topic;
    /** Gives up when the topic stops delivering before the captured end offsets are reached. */
    @ConfigProperty(name = "registry.rebuild.stall-timeout", defaultValue = "PT2M")
    Duration stallTimeout;

    /**
     * Starts a rebuild from the configured topic, or returns the one already queued or running on any
     * instance (GET on its id works on every instance: the job is a row of the shared database).
     */
    public RebuildJob start(String requestedBy) {
        return start(requestedBy, topic);
    }

    public RebuildJob start(String requestedBy, String fromTopic) {
        RebuildJob[] running = new RebuildJob[1];
        RebuildJob job = QuarkusTransaction.requiringNew().call(() -> {
            // one rebuild at a time across instances: a request while one runs joins it (an admin's retry
            // is harmless); the lock orders concurrent starts, an orphan whose instance is gone does not count
            jobs.lockStarts();
            jobs.failExpired(runner.leaseTimeout(), JobRunner.INTERRUPTED);
            running[0] = jobs.unfinished();
            if (running[0] != null) {
                return running[0];
            }
            RebuildJob j = new RebuildJob();
            j.id = UUID.randomUUID();
            j.requestedBy = requestedBy;
            j.status = JobState.QUEUED;
            j.createdAt = Instant.now();
            j.owner = runner.instance();
            jobs.persist(j); // heartbeat_at: the database's now()
            return j;
        });
        if (running[0] == null) {
            runner.submit(job.id, () -> run(job.id, fromTopic));
        }
        return job;
    }

    public RebuildJob find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.findById(id));
    }

    void run(UUID id, String fromTopic) {
        try {
            Instant startedAt = Instant.now();
            Set<String> live = new HashSet<>();
            try (KafkaConsumer<String, String> consumer = consumer()) {
                List<PartitionInfo> found = consumer.partitionsFor(fromTopic, Duration.ofSeconds(30));
                List<TopicPartition> partitions = (found == null ? List.<PartitionInfo>of() : found).stream()
                        .map((PartitionInfo p) -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    // never rebuild from nothing: that would empty the store
                    throw new IllegalStateException("the topic does not exist");
                }
                consumer.assign(partitions);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long total = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
                consumer.seekToBeginning(partitions);
                progress(id, JobState.RUNNING, 0, total);
                long done = 0;
                long lastProgress = System.nanoTime();
                while (!reachedEnd(consumer, partitions, end)) {
                    var records = consumer.poll(POLL);
                    if (records.isEmpty()) {
                        if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                            throw new IllegalStateException("the topic stopped delivering before its end offsets");
                        }
                        continue;
                    }
                    lastProgress = System.nanoTime();
                    List<AnalyticStore.Change> batch = new ArrayList<>(records.count());
                    for (ConsumerRecord<String, String> r : records) {
                        if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                            continue; // arrived after the start: the live consumer has it
                        }
                        batch.add(new AnalyticStore.Change(r.key(), r.value()));
                        if (r.value() == null) {
                            live.remove(r.key());
                        } else {
                            live.add(r.key());
                        }
                    }
                    store.applyAll(batch); // a poll in one transaction, as the live consumer does
                    long before = done;
                    done += batch.size();
                    if (done / PROGRESS_EVERY != before / PROGRESS_EVERY) {
                        progress(id, JobState.RUNNING, done, total);
                    }
                }
                progress(id, JobState.RUNNING, done, total); // still ours before deleting anything
                // the topic no longer holds these (compacted away after a withdrawal): the live store drops them
                // every read in its own transaction: the job outlives the request that started it
                List<String> stale = QuarkusTransaction.requiringNew().call(() -> analytic.casePseudonymsUpdatedBefore(startedAt));
                for (String cp : stale) {
                    if (!live.contains(cp)) {
                        QuarkusTransaction.requiringNew().run(() -> {
                            analytic.holdVersion(); // the writers' lock order
                            cases.delete("casePseudonym", cp);
                        });
                    }
                }
                long finalDone = done;
                // a job failed as orphaned while this instance stalled stays failed
                QuarkusTransaction.requiringNew().run(() -> jobs.progress(id, JobState.COMPLETED, finalDone, total));
            }
        } catch (RuntimeException e) {
            LOG.errorf("rebuild %s failed: %s", id, e.getClass().getSimpleName());
            QuarkusTransaction.requiringNew().run(() -> jobs.fail(id, e.getClass().getSimpleName()));
        }
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < end.get(p)) {
                return false;
            }
        }
        return true;
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reporting-rebuild");
        return new KafkaConsumer<>(props);
    }

    /** The job was failed as orphaned (its lease expired while this instance stalled): this run stops. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the job's lease expired and it was failed; this run stops", null, false, false);
        }
    }

    private void progress(UUID id, JobState state, long done, long total) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!jobs.progress(id, state, done, total)) {
                throw new LeaseLost(); // finished meanwhile (failed as orphaned): not brought back, no further writes
            }
        });
    }
}
