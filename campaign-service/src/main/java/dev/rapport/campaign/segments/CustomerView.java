package dev.rapport.campaign.segments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What segment rules look at for one customer: the profile snapshot's fields and traits, value,
 * consents, life facts, and behaviour kept from interaction events.
 */
public record CustomerView(
        Map<String, String> profileFields,
        JsonNode traits,
        String tier,
        String lifecycle,
        int orderCount,
        BigDecimal revenue,
        List<ConsentState> consents,
        List<Integer> childrenBirthYears,
        List<Purchase> purchases,
        Map<String, Instant> lastVisitByChannel) {

    /** A purchase as segments need it: when, in which categories, for how much. */
    public record Purchase(Instant at, List<String> categories, BigDecimal amount) {
    }

    /** The last visit or purchase on any channel, or null if none is known. */
    public Instant lastActivity() {
        Instant last = null;
        for (Instant visit : lastVisitByChannel.values()) {
            last = last == null || visit.isAfter(last) ? visit : last;
        }
        for (Purchase purchase : purchases) {
            last = last == null || purchase.at().isAfter(last) ? purchase.at() : last;
        }
        return last;
    }

    boolean optedIn(String channel, String purpose) {
        return consents.stream()
                .filter(state -> state.channel().wire().equals(channel) && state.purpose().wire().equals(purpose))
                .reduce((first, second) -> second)
                .map(state -> state.status() == ConsentStatus.OPT_IN)
                .orElse(false);
    }
}
