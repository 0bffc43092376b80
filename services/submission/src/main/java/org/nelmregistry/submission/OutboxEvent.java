package org.nelmregistry.submission;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** An event written in the same transaction as the change it reports; relayed to Kafka. */
@Entity
@Table(name = "outbox")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID eventId;
    public String eventType;
    public String topic;
    public String eventKey;
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;
    public Instant createdAt;
    public Instant publishedAt;
}
