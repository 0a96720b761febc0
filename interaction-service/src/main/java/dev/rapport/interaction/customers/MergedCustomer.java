package dev.rapport.interaction.customers;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** Projection of profile merges: the merged id belongs to the survivor now. */
@Entity
@Table(name = "merged_customer")
public class MergedCustomer extends PanacheEntityBase {

    @Id
    @Column(name = "merged_id")
    public UUID mergedId;

    @Column(name = "survivor_id", nullable = false)
    public UUID survivorId;
}
