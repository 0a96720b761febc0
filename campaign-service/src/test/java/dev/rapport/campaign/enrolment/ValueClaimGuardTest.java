package dev.rapport.campaign.enrolment;

import dev.rapport.campaign.CampaignConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueClaimGuardTest {

    private final ValueClaimGuard guard = new ValueClaimGuard(new TestConfig());

    @Test
    void aValueClaimOnlyReachesTheBestTier() {
        String text = "Dear Ann, as our most valuable customer you get early access.";
        assertTrue(guard.allows(text, "best"));
        assertFalse(guard.allows(text, "high"));
        assertFalse(guard.allows(text, null));
    }

    @Test
    void aClaimSplitByMarkupCaseOrPunctuationIsStillAClaim() {
        assertTrue(guard.claimsValue("<p>You are our <b>Most   Valuable</b>&nbsp;customer!</p>"));
        assertTrue(guard.claimsValue("One of our BEST-customers"));
    }

    @Test
    void wordingWithoutAClaimGoesToEveryTier() {
        assertTrue(guard.allows("Thank you for your order, Ann.", "low"));
        assertTrue(guard.allows(null, "none"));
    }

    private static final class TestConfig implements CampaignConfig {
        public Duration triggerMaxAge() { return Duration.ofHours(24); }
        public Duration requestTtl() { return Duration.ofDays(3); }
        public int audiencePageSize() { return 500; }
        public Duration audienceCheck() { return Duration.ofSeconds(10); }
        public Duration inactivityScan() { return Duration.ofHours(1); }
        public Duration membershipRefresh() { return Duration.ofHours(1); }
        public Duration catalogRefresh() { return Duration.ofSeconds(2); }
        public List<String> valueClaimPhrases() { return List.of("most valuable customer", "best customer"); }
        public List<String> valueClaimTiers() { return List.of("best"); }
    }
}
