package dev.rapport.delivery.policy;

import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelCap;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.PostalAddress;
import dev.rapport.contracts.events.QuietHours;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ContactPolicyTest {

    // a Tuesday, 10:00 in Berlin
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final UUID CAMPAIGN = UUID.randomUUID();
    private static final CompanyPolicy COMPANY = new CompanyPolicy(3, List.of(), Duration.ZERO, null);

    @Test
    void sendsOnTheCustomersPreferredChannelWithConsentAndAContactPoint() {
        PolicyDecision decision = ContactPolicy.decide(promo(Channel.EMAIL, Channel.SMS), customer(prefs(List.of(Channel.SMS, Channel.EMAIL), null, null)),
                List.of(), COMPANY, NOW);
        assertEquals(Decision.SENT, decision.decision());
        assertEquals(Channel.SMS, decision.channel());
    }

    @Test
    void fallsBackToTheNextChannelWhenOneHasNoValidContactPoint() {
        CustomerFacts customer = new CustomerFacts(UUID.randomUUID(), BERLIN, optIns(Channel.EMAIL, Channel.SMS), null,
                List.of(new ContactPoint(Channel.EMAIL, "joe@example.com", false), new ContactPoint(Channel.SMS, "+49301234567", true)),
                null, null, Set.of());
        PolicyDecision decision = ContactPolicy.decide(promo(Channel.EMAIL, Channel.SMS), customer, List.of(), COMPANY, NOW);
        assertEquals(Channel.SMS, decision.channel());
    }

    @Test
    void suppressesAPromotionWithoutOptInButSendsAServiceMessageUnlessConsentWasRevoked() {
        CustomerFacts noOptIn = new CustomerFacts(UUID.randomUUID(), BERLIN, List.of(), null, reachable(), null, null, Set.of());
        assertEquals("email: no opt-in for promotional",
                ContactPolicy.decide(promo(Channel.EMAIL), noOptIn, List.of(), COMPANY, NOW).reason());
        assertEquals(Decision.SENT, ContactPolicy.decide(service(Channel.EMAIL), noOptIn, List.of(), COMPANY, NOW).decision());

        CustomerFacts revoked = new CustomerFacts(UUID.randomUUID(), BERLIN,
                List.of(new ConsentState(Channel.EMAIL, ConsentPurpose.SERVICE, ConsentStatus.OPT_OUT, "call", NOW)), null, reachable(),
                null, null, Set.of());
        assertEquals("email: consent revoked for service", ContactPolicy.decide(service(Channel.EMAIL), revoked, List.of(), COMPANY, NOW).reason());
    }

    @Test
    void suppressesPromotionsOverTheWeeklyCapButNotServiceMessages() {
        List<Contact> history = List.of(sent(Channel.EMAIL, 1), sent(Channel.SMS, 2), sent(Channel.PUSH, 3));
        assertEquals("weekly cap of 3 contacts reached",
                ContactPolicy.decide(promo(Channel.EMAIL), customer(null), history, COMPANY, NOW).reason());
        assertEquals(Decision.SENT, ContactPolicy.decide(service(Channel.EMAIL), customer(null), history, COMPANY, NOW).decision());
        // a week later the window has rolled on
        assertEquals(Decision.SENT, ContactPolicy.decide(promo(Channel.EMAIL), customer(null), history, COMPANY, NOW.plus(Duration.ofDays(8))).decision());
    }

    @Test
    void appliesTheCustomersOwnCapsBeforeTheCompanyDefault() {
        ContactPreferences onePerWeekBySms = new ContactPreferences(null, 10, List.of(new ChannelCap(Channel.SMS, 1)), null, null, null, null);
        List<Contact> history = List.of(sent(Channel.SMS, 1), sent(Channel.EMAIL, 2), sent(Channel.EMAIL, 3));
        PolicyDecision decision = ContactPolicy.decide(promo(Channel.SMS, Channel.EMAIL), customer(onePerWeekBySms), history, COMPANY, NOW);
        assertEquals(Channel.EMAIL, decision.channel(), "the customer allows 10 a week overall, but only 1 SMS");
    }

    @Test
    void makesAnOfferOnOneChannelOnlyAndStopsACampaignTheCustomerRespondedTo() {
        List<Contact> history = List.of(new Contact(NOW.minus(Duration.ofDays(20)), Channel.EMAIL, CampaignCategory.PROMOTIONAL, CAMPAIGN, "roses-10"));
        PolicyRequest sameOffer = new PolicyRequest(CampaignCategory.PROMOTIONAL, UUID.randomUUID(), "roses-10", List.of(Channel.SMS), null, null, null);
        assertEquals("offer roses-10 already made on email", ContactPolicy.decide(sameOffer, customer(null), history, COMPANY, NOW).reason());

        CustomerFacts responded = new CustomerFacts(UUID.randomUUID(), BERLIN, optIns(Channel.EMAIL), null, reachable(), null, null, Set.of(CAMPAIGN));
        assertEquals("customer already responded to campaign " + CAMPAIGN,
                ContactPolicy.decide(promo(Channel.EMAIL), responded, List.of(), COMPANY, NOW).reason());
    }

    @Test
    void defersInQuietHoursToTheWindowsEndInTheCustomersTimeZone() {
        ContactPreferences quiet = prefs(null, new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)), null);
        Instant lateEvening = Instant.parse("2026-11-24T22:30:00Z");               // 23:30 in Berlin
        PolicyDecision decision = ContactPolicy.decide(promo(Channel.EMAIL), customer(quiet), List.of(), COMPANY, lateEvening);
        assertEquals(Decision.DEFERRED, decision.decision());
        assertEquals(Instant.parse("2026-11-25T07:00:00Z"), decision.deferredUntil(), "08:00 the next morning in Berlin");
        assertEquals("quiet hours", decision.reason());

        PolicyRequest expiring = new PolicyRequest(CampaignCategory.PROMOTIONAL, CAMPAIGN, null, List.of(Channel.EMAIL), null, null,
                Instant.parse("2026-11-25T06:00:00Z"));
        PolicyDecision expired = ContactPolicy.decide(expiring, customer(quiet), List.of(), COMPANY, lateEvening);
        assertEquals(Decision.SUPPRESSED, expired.decision());
        assertEquals("quiet hours until 2026-11-25T07:00:00Z, after the request expires", expired.reason());
    }

    @Test
    void defersToTheNextPreferredDayAndPastAPause() {
        ContactPreferences weekends = prefs(null, null, List.of(DayOfWeek.SATURDAY));
        assertEquals(Instant.parse("2026-11-27T23:00:00Z"),
                ContactPolicy.decide(promo(Channel.EMAIL), customer(weekends), List.of(), COMPANY, NOW).deferredUntil(), "Saturday 00:00 in Berlin");

        ContactPreferences paused = new ContactPreferences(null, null, null, null, null, null, Instant.parse("2026-12-01T00:00:00Z"));
        PolicyDecision decision = ContactPolicy.decide(promo(Channel.EMAIL), customer(paused), List.of(), COMPANY, NOW);
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), decision.deferredUntil());
        assertEquals("customer paused contacts", decision.reason());
    }

    @Test
    void keepsTheMinimumGapBetweenContacts() {
        CompanyPolicy gap = new CompanyPolicy(10, List.of(), Duration.ofHours(12), null);
        List<Contact> history = List.of(new Contact(NOW.minus(Duration.ofHours(2)), Channel.SMS, CampaignCategory.PROMOTIONAL, null, null));
        PolicyDecision decision = ContactPolicy.decide(promo(Channel.EMAIL), customer(null), history, gap, NOW);
        assertEquals(NOW.plus(Duration.ofHours(10)), decision.deferredUntil());
    }

    @Test
    void sendsDirectMailOnlyWithTheCustomersRealNameAndAddress() {
        CustomerFacts noAddress = new CustomerFacts(UUID.randomUUID(), BERLIN, optIns(Channel.MAIL), null, List.of(),
                new PersonName(null, "Joe", "Smith"), null, Set.of());
        assertEquals("mail: no full name and postal address", ContactPolicy.decide(promo(Channel.MAIL), noAddress, List.of(), COMPANY, NOW).reason());
        CustomerFacts full = new CustomerFacts(UUID.randomUUID(), BERLIN, optIns(Channel.MAIL), null, List.of(),
                new PersonName(null, "Joe", "Smith"), new PostalAddress(List.of("Hauptstr. 1"), "10115", "Berlin", null, "DE"), Set.of());
        assertEquals(Decision.SENT, ContactPolicy.decide(promo(Channel.MAIL), full, List.of(), COMPANY, NOW).decision());
    }

    @Test
    void suppressesAnExpiredRequest() {
        PolicyRequest expired = new PolicyRequest(CampaignCategory.PROMOTIONAL, CAMPAIGN, null, List.of(Channel.EMAIL), null, null, NOW.minusSeconds(1));
        PolicyDecision decision = ContactPolicy.decide(expired, customer(null), List.of(), COMPANY, NOW);
        assertEquals(Decision.SUPPRESSED, decision.decision());
        assertNull(decision.channel());
    }

    @Test
    void asksConsentAndTheContactPointAgainAtSendTime() {
        assertEquals(java.util.Optional.empty(), ContactPolicy.refusalAtSend(CampaignCategory.PROMOTIONAL, Channel.EMAIL, customer(null)));

        List<ConsentState> revokedLater = new ArrayList<>(optIns(Channel.EMAIL));
        revokedLater.add(new ConsentState(Channel.EMAIL, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_OUT, "unsubscribe", NOW));
        CustomerFacts revoked = new CustomerFacts(UUID.randomUUID(), BERLIN, revokedLater, null, reachable(), null, null, Set.of());
        assertEquals(java.util.Optional.of("email: consent revoked for promotional"),
                ContactPolicy.refusalAtSend(CampaignCategory.PROMOTIONAL, Channel.EMAIL, revoked));
        // the other channels and purposes keep their own consent
        assertEquals(java.util.Optional.empty(), ContactPolicy.refusalAtSend(CampaignCategory.PROMOTIONAL, Channel.SMS,
                new CustomerFacts(UUID.randomUUID(), BERLIN, optIns(Channel.SMS), null, reachable(), null, null, Set.of())));
        assertEquals(java.util.Optional.of("email: no opt-in for informational"),
                ContactPolicy.refusalAtSend(CampaignCategory.INFORMATIONAL, Channel.EMAIL, customer(null)));

        CustomerFacts bounced = new CustomerFacts(UUID.randomUUID(), BERLIN, optIns(Channel.EMAIL), null,
                List.of(new ContactPoint(Channel.EMAIL, "joe@example.com", false)), null, null, Set.of());
        assertEquals(java.util.Optional.of("email: no valid contact point"),
                ContactPolicy.refusalAtSend(CampaignCategory.PROMOTIONAL, Channel.EMAIL, bounced));
    }

    @Test
    void atSendTimeAServiceMessageNeedsNoOptInButStopsAtARevokedConsentAndMailNeedsAnAddress() {
        CustomerFacts noOptIn = new CustomerFacts(UUID.randomUUID(), BERLIN, List.of(), null, reachable(), null, null, Set.of());
        assertEquals(java.util.Optional.empty(), ContactPolicy.refusalAtSend(CampaignCategory.SERVICE, Channel.EMAIL, noOptIn));
        CustomerFacts optedOut = new CustomerFacts(UUID.randomUUID(), BERLIN,
                List.of(new ConsentState(Channel.EMAIL, ConsentPurpose.SERVICE, ConsentStatus.OPT_OUT, "call", NOW)), null, reachable(),
                null, null, Set.of());
        assertEquals(java.util.Optional.of("email: consent revoked for service"),
                ContactPolicy.refusalAtSend(CampaignCategory.SERVICE, Channel.EMAIL, optedOut));
        assertEquals(java.util.Optional.of("mail: no full name and postal address"),
                ContactPolicy.refusalAtSend(CampaignCategory.SERVICE, Channel.MAIL, noOptIn));
        CustomerFacts withAddress = new CustomerFacts(UUID.randomUUID(), BERLIN, List.of(), null, List.of(),
                new PersonName(null, "Joe", "Smith"), new PostalAddress(List.of("Hauptstr. 1"), "10115", "Berlin", null, "DE"), Set.of());
        assertEquals(java.util.Optional.empty(), ContactPolicy.refusalAtSend(CampaignCategory.SERVICE, Channel.MAIL, withAddress));
    }

    private static PolicyRequest promo(Channel... channels) {
        return new PolicyRequest(CampaignCategory.PROMOTIONAL, CAMPAIGN, null, List.of(channels), null, null, null);
    }

    private static PolicyRequest service(Channel... channels) {
        return new PolicyRequest(CampaignCategory.SERVICE, null, null, List.of(channels), null, null, null);
    }

    private static Contact sent(Channel channel, int daysAgo) {
        return new Contact(NOW.minus(Duration.ofDays(daysAgo)), channel, CampaignCategory.PROMOTIONAL, UUID.randomUUID(), null);
    }

    private static ContactPreferences prefs(List<Channel> channels, QuietHours quiet, List<DayOfWeek> days) {
        return new ContactPreferences(channels, null, null, quiet, days, null, null);
    }

    private static CustomerFacts customer(ContactPreferences preferences) {
        return new CustomerFacts(UUID.randomUUID(), BERLIN, optIns(Channel.EMAIL, Channel.SMS, Channel.PUSH), preferences, reachable(),
                null, null, Set.of());
    }

    private static List<ContactPoint> reachable() {
        return List.of(new ContactPoint(Channel.EMAIL, "joe@example.com", true), new ContactPoint(Channel.SMS, "+49301234567", true),
                new ContactPoint(Channel.PUSH, "device-1", true));
    }

    private static List<ConsentState> optIns(Channel... channels) {
        List<ConsentState> states = new ArrayList<>();
        for (Channel channel : channels) {
            states.add(new ConsentState(channel, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_IN, "web", NOW.minus(Duration.ofDays(100))));
        }
        return states;
    }
}
