package dev.rapport.campaign.segments;

import dev.rapport.campaign.CampaignConfig;
import dev.rapport.campaign.campaigns.CampaignCatalog;
import dev.rapport.contracts.Redaction;
import dev.rapport.messaging.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps {@code segment_member} current: a customer's memberships are re-evaluated whenever an
 * event changes what is known about them, and everyone's on a timer, because conditions such as
 * "no visit for 90 days" become true without any event.
 */
@ApplicationScoped
public class SegmentMembership {

    private static final Logger LOG = Logger.getLogger(SegmentMembership.class);

    private final CampaignCatalog catalog;
    private final CustomerViews customers;
    private final CampaignConfig config;

    public SegmentMembership(CampaignCatalog catalog, CustomerViews customers, CampaignConfig config) {
        this.catalog = catalog;
        this.customers = customers;
        this.config = config;
    }

    /** Re-evaluates one customer's memberships in the current transaction; a customer without a profile is in none. */
    public Uni<Void> refresh(UUID customerId, CustomerViews.Customer customer, Instant now) {
        return catalog.get().flatMap(snapshot -> write(List.of(customerId),
                customer == null ? List.of() : List.of(customer), snapshot.segments(), now));
    }

    /** Re-evaluates a page of customers after {@code after}; emits the last customer id, or null at the end. */
    public Uni<UUID> refreshPage(UUID after, Instant now) {
        return Panache.withTransaction(() -> catalog.get().flatMap(snapshot -> customers.page(after, config.audiencePageSize())
                .flatMap(page -> page.isEmpty() ? Uni.createFrom().<UUID>nullItem()
                        : write(page.stream().map(CustomerViews.Customer::id).toList(), page, snapshot.segments(), now)
                        .replaceWith(page.get(page.size() - 1).id()))));
    }

    @Scheduled(every = "${rapport.campaign.membership-refresh:PT1H}", delayed = "PT30S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshEveryone() {
        return refreshFrom(null, Instant.now())
                .onFailure().invoke(failure -> LOG.warnf("Segment membership refresh failed, retrying at the next run: %s", Redaction.describe(failure)))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> refreshFrom(UUID after, Instant now) {
        return refreshPage(after, now).flatMap(last -> last == null ? Uni.createFrom().voidItem() : refreshFrom(last, now));
    }

    private static Uni<Void> write(List<UUID> evaluated, List<CustomerViews.Customer> known, Map<UUID, SegmentRule> segments, Instant now) {
        List<UUID> memberSegments = new ArrayList<>();
        List<UUID> memberCustomers = new ArrayList<>();
        for (CustomerViews.Customer customer : known) {
            segments.forEach((segmentId, rule) -> {
                if (rule != null && rule.matches(customer.view(), now)) {
                    memberSegments.add(segmentId);
                    memberCustomers.add(customer.id());
                }
            });
        }
        UUID[] s = memberSegments.toArray(UUID[]::new);
        UUID[] c = memberCustomers.toArray(UUID[]::new);
        return NativeSql.execute("""
                        DELETE FROM segment_member m WHERE m.customer_id = ANY (CAST(?1 AS uuid[]))
                        AND NOT EXISTS (SELECT 1 FROM unnest(CAST(?2 AS uuid[]), CAST(?3 AS uuid[])) AS t(s, c)
                                        WHERE t.s = m.segment_id AND t.c = m.customer_id)""",
                        evaluated.toArray(UUID[]::new), s, c)
                .flatMap(ignored -> s.length == 0 ? Uni.createFrom().item(0) : NativeSql.execute("""
                        INSERT INTO segment_member (segment_id, customer_id, since)
                        SELECT t.s, t.c, CAST(CAST(?3 AS text) AS timestamptz) FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS uuid[])) AS t(s, c)
                        WHERE EXISTS (SELECT 1 FROM segment WHERE id = t.s)
                        ON CONFLICT DO NOTHING""", s, c, now.toString()))
                .replaceWithVoid();
    }
}
