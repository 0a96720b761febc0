package dev.rapport.delivery.requests;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A delivery request, its policy decision and its state on the way out. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public static final String DEFERRED = "deferred";
    public static final String QUEUED = "queued";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String SUPPRESSED = "suppressed";

    @Id
    @Column(name = "message_id")
    public UUID messageId;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "campaign_version")
    public Integer campaignVersion;

    public String variant;

    @Column(name = "offer_id")
    public String offerId;

    @Column(nullable = false)
    public String category;

    @Column(nullable = false)
    public int priority;

    /** What was asked for: channels and content (one JSON object; the reactive driver maps objects, not top-level arrays). */
    public record Spec(List<Channel> allowedChannels, List<Channel> preferredChannels, List<ChannelContent> content) {
    }

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Spec spec;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public String channel;

    @Column(nullable = false)
    public String decision;

    public String reason;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public ChannelContent contentFor(Channel target) {
        List<ChannelContent> content = spec.content() == null ? List.of() : spec.content();
        return content.stream().filter(c -> c.channel() == target).findFirst()
                .orElse(content.isEmpty() ? new ChannelContent(target, null, null, "") : content.get(0));
    }
}
