package dev.rapport.profile.profiles;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A profile merged into another: its id resolves to the survivor from now on. */
@Entity
@Table(name = "merged_profile")
public class MergedProfile extends PanacheEntityBase {

    @Id
    @Column(name = "merged_id")
    public UUID mergedId;

    @Column(name = "survivor_id", nullable = false)
    public UUID survivorId;

    @Column(name = "merged_at", nullable = false)
    public Instant mergedAt;
}
