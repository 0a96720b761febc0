package dev.rapport.campaign.segments;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.campaign.projection.CustomerRow;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.messaging.persistence.NativeSql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the customer views rules are evaluated on, a page of customers at a time. */
@ApplicationScoped
public class CustomerViews {

    private final ObjectMapper mapper;

    public CustomerViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A customer's projection row and the view rules are evaluated on. */
    public record Customer(CustomerRow row, CustomerView view) {
        public UUID id() {
            return row.customerId;
        }
    }

    /** Customers with a profile, in id order after {@code after} (null for the first page). */
    public Uni<List<Customer>> page(UUID after, int size) {
        Uni<List<CustomerRow>> rows = after == null
                ? CustomerRow.find("snapshot is not null order by customerId").page(0, size).list()
                : CustomerRow.find("snapshot is not null and customerId > ?1 order by customerId", after).page(0, size).list();
        return rows.flatMap(this::withPurchases);
    }

    /** The ids of the customers with a profile, in id order after {@code after} (null for the first page). */
    public Uni<List<UUID>> pageIds(UUID after, int size) {
        return NativeSql.rows("SELECT customer_id, 1 FROM customer WHERE snapshot IS NOT NULL AND customer_id > ?1 ORDER BY customer_id LIMIT ?2",
                        after == null ? new UUID(0L, 0L) : after, size)
                .map(rows -> rows.stream().map(row -> (UUID) row[0]).toList());
    }

    /** These customers as they are now (those still with a profile), in id order. */
    public Uni<List<Customer>> of(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.<Customer>of());
        }
        return CustomerRow.<CustomerRow>list("snapshot is not null and customerId in ?1 order by customerId", ids).flatMap(this::withPurchases);
    }

    /** One customer, or null when no profile of theirs is known. */
    public Uni<Customer> one(UUID id) {
        return CustomerRow.<CustomerRow>findById(id).flatMap(row -> row == null || row.snapshot == null
                ? Uni.createFrom().nullItem()
                : withPurchases(List.of(row)).map(customers -> customers.get(0)));
    }

    private Uni<List<Customer>> withPurchases(List<CustomerRow> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(List.<Customer>of());
        }
        UUID[] ids = customers.stream().map(c -> c.customerId).toArray(UUID[]::new);
        return NativeSql.rows("SELECT customer_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
                + "CAST(categories AS text), amount FROM customer_purchase "
                + "WHERE customer_id = ANY (CAST(?1 AS uuid[]))", (Object) ids).map(purchases -> {
                    Map<UUID, List<CustomerView.Purchase>> byCustomer = new HashMap<>();
                    for (Object[] p : purchases) {
                        byCustomer.computeIfAbsent((UUID) p[0], k -> new ArrayList<>()).add(new CustomerView.Purchase(
                                Instant.parse((String) p[1]),
                                categories((String) p[2]), (BigDecimal) p[3]));
                    }
                    List<Customer> views = new ArrayList<>();
                    for (CustomerRow row : customers) {
                        views.add(new Customer(row, view(row, byCustomer.getOrDefault(row.customerId, List.of()))));
                    }
                    return views;
                });
    }

    private List<String> categories(String json) {
        try {
            return List.of(mapper.readValue(json, String[].class));
        } catch (Exception e) {
            return List.of();
        }
    }

    static CustomerView view(CustomerRow row, List<CustomerView.Purchase> purchases) {
        ProfileChanged s = row.snapshot;
        Map<String, String> fields = new HashMap<>();
        if (s.timeZone() != null) {
            fields.put("timeZone", s.timeZone());
        }
        if (s.locale() != null) {
            fields.put("locale", s.locale());
        }
        if (s.address() != null && s.address().country() != null) {
            fields.put("country", s.address().country());
        }
        if (s.address() != null && s.address().city() != null) {
            fields.put("city", s.address().city());
        }
        return new CustomerView(fields, s.traits(), s.value() == null ? "none" : s.value().tier().wire(),
                s.value() == null ? "prospect" : s.value().lifecycle().wire(), row.orderCount, row.revenue,
                s.consents() == null ? List.of() : s.consents(),
                s.lifeFacts() == null ? null : s.lifeFacts().childrenBirthYears(), purchases,
                row.lastVisits == null ? Map.of() : row.lastVisits);
    }

}
