package dev.rapport.campaign.campaigns;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A campaign; its version grows when an active campaign's audience or content changes. */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    public static final String DRAFT = "draft";
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int version;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public CampaignSpec spec;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
