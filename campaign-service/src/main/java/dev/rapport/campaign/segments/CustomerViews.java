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

    /** Customers with a profile, in id order after {@code after} (null for the first page). */
    public Uni<List<Map.Entry<UUID, CustomerView>>> page(UUID after, int size) {
        Uni<List<CustomerRow>> rows = after == null
                ? CustomerRow.find("snapshot is not null order by customerId").page(0, size).list()
                : CustomerRow.find("snapshot is not null and customerId > ?1 order by customerId", after).page(0, size).list();
        return rows.flatMap(customers -> {
            if (customers.isEmpty()) {
                return Uni.createFrom().item(List.of());
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
                        List<Map.Entry<UUID, CustomerView>> views = new ArrayList<>();
                        for (CustomerRow row : customers) {
                            views.add(Map.entry(row.customerId, view(row, byCustomer.getOrDefault(row.customerId, List.of()))));
                        }
                        return views;
                    });
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

    /** Now, for evaluation. */
    static Instant now() {
        return Instant.now();
    }
}
