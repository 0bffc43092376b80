package org.nelmregistry.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.nelmregistry.testsupport.TestStack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Looks straight into the stack: a topic from its beginning, a service database. */
final class Probes {

    private Probes() {
    }

    /** Every record of a topic, from the beginning to its current end (fails when the end is not reached in a minute). */
    static List<ConsumerRecord<String, String>> readTopic(String topic) {
        return readTopic(topic, Duration.ofSeconds(60));
    }

    /**
     * Every record of a topic, from the beginning to the end it had when the read started; an
     * AssertionError when {@code limit} passes first, so a check never passes on a partial read.
     */
    static List<ConsumerRecord<String, String>> readTopic(String topic, Duration limit) {
        Properties p = new Properties();
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + limit.toMillis();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() >= deadline) {
                    throw new AssertionError("read of " + topic + " timed out after " + limit + " with " + out.size()
                            + " records, before the end of the topic " + end);
                }
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** Keys, values and headers (UTF-8) of every record of a topic, one record a line, for leak scans. */
    static String topicText(String topic) {
        StringBuilder sb = new StringBuilder();
        for (ConsumerRecord<String, String> r : readTopic(topic)) {
            sb.append(r.key()).append(' ').append(r.value());
            for (org.apache.kafka.common.header.Header h : r.headers()) {
                sb.append(' ').append(h.key()).append('=')
                        .append(h.value() == null ? "" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Records of a topic that a consumer group has not committed yet. */
    static long lag(String group, String topic) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.KAFKA))) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            var parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            var latest = admin.listOffsets(parts.stream().collect(java.util.stream.Collectors.toMap(tp -> tp,
                    tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
            long lag = 0;
            for (var tp : parts) {
                var c = committed.get(tp);
                lag += latest.get(tp).offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection db(String service) throws SQLException {
        return DriverManager.getConnection(TestStack.jdbcUrl(service + TestStack.E2E_DB_SUFFIX), service,
                TestStack.dbPassword(service));
    }

    /** Every row of every table of a service's database, as text (bytea decoded as UTF-8). */
    static String dumpDatabase(String service) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db(service); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT t::text FROM \"" + t + "\" t")) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append('\n');
                    }
                }
                List<String> byteaCols = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = 'public' AND table_name = '" + t + "' AND data_type = 'bytea'")) {
                    while (rs.next()) {
                        byteaCols.add(rs.getString(1));
                    }
                }
                for (String col : byteaCols) {
                    try (ResultSet rs = st.executeQuery("SELECT convert_from(\"" + col + "\", 'UTF8') FROM \"" + t + "\" WHERE \"" + col + "\" IS NOT NULL")) {
                        while (rs.next()) {
                            sb.append(rs.getString(1)).append('\n');
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    static long count(String service, String sql, Object... params) throws SQLException {
        try (Connection c = db(service); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
