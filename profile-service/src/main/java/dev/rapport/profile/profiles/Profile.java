package dev.rapport.profile.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.LifeFacts;
import dev.rapport.contracts.events.PostalAddress;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A customer (or prospect) as profile-service holds it. */
@Entity
@Table(name = "profile")
public class Profile extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Grows with every change; consumers keep the snapshot with the highest revision. */
    @Column(nullable = false)
    public long revision;

    public String title;

    @Column(name = "given_name")
    public String givenName;

    @Column(name = "family_name")
    public String familyName;

    @JdbcTypeCode(SqlTypes.JSON)
    public PostalAddress address;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    public String locale;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode traits;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "life_facts")
    public LifeFacts lifeFacts;

    @JdbcTypeCode(SqlTypes.JSON)
    public ContactPreferences preferences;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Marks a change: the next snapshot carries a higher revision. */
    public void touch(Instant now) {
        revision++;
        updatedAt = now;
    }
}
