package dev.rapport.campaign.segments;

import dev.rapport.campaign.CampaignConfig;
import dev.rapport.campaign.campaigns.CampaignCatalog;
import dev.rapport.contracts.Redaction;
import dev.rapport.messaging.BackgroundWork;
import dev.rapport.messaging.customers.CustomerLock;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps {@code segment_member} current: a customer's memberships are re-evaluated whenever an
 * event changes what is known about them, and everyone's on a timer, because conditions such as
 * "no visit for 90 days" become true without any event. A segment created or changed is filled in
 * at once from every customer known, not only from those whose next event comes.
 */
@ApplicationScoped
public class SegmentMembership {

    private static final Logger LOG = Logger.getLogger(SegmentMembership.class);

    private final CampaignCatalog catalog;
    private final CustomerViews customers;
    private final CampaignConfig config;
    private final BackgroundWork background;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    public SegmentMembership(CampaignCatalog catalog, CustomerViews customers, CampaignConfig config, BackgroundWork background) {
        this.catalog = catalog;
        this.customers = customers;
        this.config = config;
        this.background = background;
    }

    /**
     * A segment was created or its rule changed (committed): everyone is evaluated again once every
     * replica's catalog knows the change, so a customer whose event another replica handled with the
     * old catalog meanwhile is caught too. Requests during a pass make one more pass after it.
     */
    public void reevaluateEveryoneSoon() {
        requested.set(true);
        background.after(config.catalogRefresh().plusMillis(500), "Segment membership evaluation", this::passIfRequested);
    }

    private Uni<Void> passIfRequested() {
        if (!requested.get() || !running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem(); // the running pass picks the request up when it ends
        }
        requested.set(false);
        catalog.invalidate();
        return refreshFrom(null, Instant.now())
                .eventually(() -> {
                    running.set(false);
                    if (requested.get()) {
                        background.after(java.time.Duration.ZERO, "Segment membership evaluation", this::passIfRequested);
                    }
                });
    }

    /** Re-evaluates one customer's memberships in the current transaction; a customer without a profile is in none. */
    public Uni<Void> refresh(UUID customerId, CustomerViews.Customer customer, Instant now) {
        return catalog.get().flatMap(snapshot -> write(List.of(customerId),
                customer == null ? List.of() : List.of(customer), snapshot.segments(), now));
    }

    /**
     * Re-evaluates a page of customers after {@code after}; emits the last customer id, or null at the end.
     * The page's customers are locked before they are read, as the event consumers lock them: an event
     * applied meanwhile is either seen here or applied after this page, never overwritten by an
     * evaluation of what the customer was before it.
     */
    public Uni<UUID> refreshPage(UUID after, Instant now) {
        return Panache.withTransaction(() -> catalog.get().flatMap(snapshot -> customers.pageIds(after, config.audiencePageSize())
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().<UUID>nullItem()
                        : CustomerLock.lock(ids)
                                .flatMap(locked -> customers.of(ids))
                                .flatMap(page -> write(ids, page, snapshot.segments(), now))
                                .replaceWith(ids.get(ids.size() - 1)))));
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

    /** Writes the memberships of the evaluated customers in the segments evaluated (only those: a catalog may lag a new segment). */
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
                        AND m.segment_id = ANY (CAST(?4 AS uuid[]))
                        AND NOT EXISTS (SELECT 1 FROM unnest(CAST(?2 AS uuid[]), CAST(?3 AS uuid[])) AS t(s, c)
                                        WHERE t.s = m.segment_id AND t.c = m.customer_id)""",
                        evaluated.toArray(UUID[]::new), s, c, segments.keySet().toArray(UUID[]::new))
                .flatMap(ignored -> s.length == 0 ? Uni.createFrom().item(0) : NativeSql.execute("""
                        INSERT INTO segment_member (segment_id, customer_id, since)
                        SELECT t.s, t.c, CAST(CAST(?3 AS text) AS timestamptz) FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS uuid[])) AS t(s, c)
                        WHERE EXISTS (SELECT 1 FROM segment WHERE id = t.s)
                        ON CONFLICT DO NOTHING""", s, c, now.toString()))
                .replaceWithVoid();
    }
}
