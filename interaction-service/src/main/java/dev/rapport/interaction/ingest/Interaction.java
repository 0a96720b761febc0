package dev.rapport.interaction.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.InteractionRecorded;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One recorded touch point. */
@Entity
@Table(name = "interaction")
public class Interaction extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "client_event_id", nullable = false)
    public String clientEventId;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "identity_type")
    public String identityType;

    @Column(name = "identity_value")
    public String identityValue;

    @Column(nullable = false)
    public String channel;

    @Column(nullable = false)
    public String direction;

    @Column(nullable = false)
    public String type;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "message_id")
    public UUID messageId;

    public String variant;

    public BigDecimal amount;

    public String currency;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode details;

    public Identity identity() {
        return identityType == null ? null : new Identity(IdentityType.fromWire(identityType), identityValue);
    }

    public InteractionRecorded asEvent() {
        return new InteractionRecorded(id, clientEventId, customerId, identity(), Channel.fromWire(channel),
                Direction.fromWire(direction), type, occurredAt, recordedAt, campaignId, messageId, variant, amount, currency, details);
    }
}
