package dev.rapport.campaign.campaigns;

import dev.rapport.campaign.CampaignConfig;
import dev.rapport.campaign.segments.Segment;
import dev.rapport.campaign.segments.SegmentRule;
import dev.rapport.campaign.segments.SegmentRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The campaigns past draft and all segment rules, as immutable values, reloaded when older than
 * {@code rapport.campaign.catalog-refresh} or when this replica changed one. Every event consults
 * it, so it must not cost a query each time.
 */
@ApplicationScoped
public class CampaignCatalog {

    /** A campaign as triggers and results need it, with its audience rule parsed. */
    public record LiveCampaign(UUID id, String status, int version, CampaignSpec spec, SegmentRule audience) {
        public boolean active() {
            return Campaign.ACTIVE.equals(status);
        }
    }

    /** One load: the campaigns past draft and every segment's rule. */
    public record Snapshot(List<LiveCampaign> campaigns, Map<UUID, SegmentRule> segments, Instant loadedAt) {
        public List<LiveCampaign> active() {
            return campaigns.stream().filter(LiveCampaign::active).toList();
        }
    }

    private final CampaignConfig config;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    public CampaignCatalog(CampaignConfig config) {
        this.config = config;
    }

    /** The catalog, reloaded in the current session if stale. */
    public Uni<Snapshot> get() {
        Snapshot snapshot = current.get();
        if (snapshot != null && snapshot.loadedAt().plus(config.catalogRefresh()).isAfter(Instant.now())) {
            return Uni.createFrom().item(snapshot);
        }
        Instant loadedAt = Instant.now();
        return Segment.<Segment>listAll().flatMap(segments -> Campaign.<Campaign>list("status <> ?1", Campaign.DRAFT).map(campaigns -> {
            Map<UUID, SegmentRule> rules = new HashMap<>();
            for (Segment segment : segments) {
                rules.put(segment.id, SegmentRules.parse(segment.rule).rule());
            }
            List<LiveCampaign> live = campaigns.stream()
                    .filter(c -> rules.containsKey(c.spec.segmentId()))
                    .map(c -> new LiveCampaign(c.id, c.status, c.version, c.spec, rules.get(c.spec.segmentId())))
                    .toList();
            Snapshot loaded = new Snapshot(live, Map.copyOf(rules), loadedAt);
            current.set(loaded);
            return loaded;
        }));
    }

    /** Forgets the cached catalog, so the next use sees a change just made. */
    public void invalidate() {
        current.set(null);
    }
}
