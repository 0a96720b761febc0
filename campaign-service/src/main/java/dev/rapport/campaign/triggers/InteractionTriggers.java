package dev.rapport.campaign.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.campaign.CampaignConfig;
import dev.rapport.campaign.campaigns.CampaignCatalog;
import dev.rapport.campaign.campaigns.CampaignCatalog.LiveCampaign;
import dev.rapport.campaign.enrolment.Enrolment;
import dev.rapport.campaign.results.Attribution;
import dev.rapport.campaign.segments.CustomerViews;
import dev.rapport.campaign.segments.SegmentMembership;
import dev.rapport.contracts.events.InteractionRecorded;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * What an interaction means for campaigns, once the projection holds it: conversions and offer
 * redemptions for results and budgets, the customer's segment memberships, and the campaigns it
 * triggers for them.
 */
@ApplicationScoped
public class InteractionTriggers {

    private final CampaignCatalog catalog;
    private final CustomerViews customers;
    private final SegmentMembership membership;
    private final Enrolment enrolment;
    private final Attribution attribution;
    private final CampaignConfig config;
    private final ObjectMapper mapper;

    public InteractionTriggers(CampaignCatalog catalog, CustomerViews customers, SegmentMembership membership, Enrolment enrolment,
                               Attribution attribution, CampaignConfig config, ObjectMapper mapper) {
        this.catalog = catalog;
        this.customers = customers;
        this.membership = membership;
        this.enrolment = enrolment;
        this.attribution = attribution;
        this.config = config;
        this.mapper = mapper;
    }

    public Uni<Void> onInteraction(InteractionRecorded interaction) {
        Instant now = Instant.now();
        return catalog.get().flatMap(snapshot -> attribution.onInteraction(interaction, snapshot)
                .flatMap(ignored -> customers.one(interaction.customerId()))
                .flatMap(customer -> membership.refresh(interaction.customerId(), customer, now).flatMap(ignored -> {
                    // unknown visitors have no profile to personalise or consent to check; history is not a trigger
                    if (customer == null || interaction.occurredAt().isBefore(now.minus(config.triggerMaxAge()))) {
                        return Uni.createFrom().voidItem();
                    }
                    JsonNode json = mapper.valueToTree(interaction);
                    List<LiveCampaign> triggered = snapshot.active().stream()
                            .filter(c -> "interaction".equals(c.spec().trigger().type()))
                            .filter(c -> interaction.type().equals(c.spec().trigger().interactionType()))
                            .filter(c -> InteractionFilter.matches(c.spec().trigger().filter(), json))
                            .toList();
                    // one after the other: the session is not shared concurrently
                    return Multi.createFrom().iterable(triggered)
                            .onItem().transformToUniAndConcatenate(campaign -> enrolment.enter(campaign, customer,
                                    "interaction:" + interaction.interactionId(), interaction.occurredAt(), now))
                            .collect().last().replaceWithVoid();
                })));
    }
}
