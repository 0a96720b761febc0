package dev.rapport.campaign.enrolment;

import dev.rapport.campaign.CampaignConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Value-claim wording ("our most valuable customer") only reaches customers whose tier supports
 * it. It looks at the rendered message, so a claim added by a template expression or hidden in
 * markup is caught too, and a template that makes the claim only for the right tier passes.
 */
@ApplicationScoped
public class ValueClaimGuard {

    private final List<String> phrases;
    private final Set<String> tiers;

    public ValueClaimGuard(CampaignConfig config) {
        this.phrases = config.valueClaimPhrases().stream().map(ValueClaimGuard::normalise).filter(p -> !p.isEmpty()).toList();
        this.tiers = config.valueClaimTiers().stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Whether the text claims the reader's value. */
    public boolean claimsValue(String text) {
        if (text == null) {
            return false;
        }
        String normalised = normalise(text);
        return phrases.stream().anyMatch(normalised::contains);
    }

    /** Whether a customer of the tier may read the text. */
    public boolean allows(String text, String tier) {
        return !claimsValue(text) || (tier != null && tiers.contains(tier));
    }

    private static String normalise(String text) {
        return text.replaceAll("<[^>]*>", " ")
                .replaceAll("&nbsp;|&#160;", " ")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .trim();
    }
}
