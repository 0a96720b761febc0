package dev.rapport.interaction.customers;

import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** Projection of profile events: this identity belongs to this customer. */
@Entity
@Table(name = "known_identity")
@IdClass(KnownIdentity.Key.class)
public class KnownIdentity extends PanacheEntityBase {

    public record Key(String type, String value) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    public String type;

    @Id
    public String value;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    public Identity identity() {
        return new Identity(IdentityType.fromWire(type), value);
    }
}
