package dev.rapport.delivery.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** One line of a customer's conversation: a request, a decision, a status change, a response or an agent's note. Never changed. */
@Entity
@Table(name = "conversation_entry")
public class ConversationEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    /** request, decision, status, response, note */
    @Column(nullable = false)
    public String kind;

    @Column(name = "message_id")
    public UUID messageId;

    @Column(name = "request_id")
    public UUID requestId;

    public String channel;

    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "offer_id")
    public String offerId;

    public String variant;

    public String category;

    public String decision;

    public String reason;

    @Column(name = "deferred_until")
    public Instant deferredUntil;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode detail;

    @Column(nullable = false)
    public Instant at;
}
