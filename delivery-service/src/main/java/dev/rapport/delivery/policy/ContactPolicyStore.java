package dev.rapport.delivery.policy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.EventCodec;

import java.util.List;

/** The company-wide policy, one row; defaults until an operator sets it. */
@ApplicationScoped
public class ContactPolicyStore {

    private static final ObjectMapper JSON = EventCodec.defaultMapper();

    public Uni<CompanyPolicy> current() {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT CAST(policy AS text) FROM contact_policy WHERE id = 1", String.class)
                .getResultList())
                .map(rows -> rows.isEmpty() ? CompanyPolicy.defaults() : read(rows.get(0)));
    }

    public Uni<CompanyPolicy> replace(CompanyPolicy policy) {
        String json;
        try {
            json = JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO contact_policy (id, policy, updated_at) VALUES (1, CAST(CAST(?1 AS text) AS jsonb), now())
                        ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()""")
                .setParameter(1, json).executeUpdate())
                .replaceWith(policy);
    }

    private static CompanyPolicy read(String json) {
        try {
            CompanyPolicy policy = JSON.readValue(json, CompanyPolicy.class);
            return policy.channelCaps() == null ? new CompanyPolicy(policy.maxPerWeek(), List.of(), policy.minimumGap(), policy.defaultQuietHours()) : policy;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored contact policy is not readable", e);
        }
    }
}
