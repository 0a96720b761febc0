package dev.rapport.delivery.policy;

import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelCap;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.QuietHours;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether, when and on which channel a message may go, against the customer's
 * conversation history. Plain Java: the caller makes it atomic per customer (delivery-service
 * holds a per-customer database lock while deciding and recording).
 *
 * <p>In order: an expired request is suppressed; a non-service message is suppressed for a
 * customer who already responded to or converted in its campaign, and when the same offer was
 * already made (on any channel); the weekly cap over all channels (the customer's own first,
 * else the company's) suppresses non-service messages. The channel is the first, in the customer's
 * order of preference (else the request's, else the allowed order), that is allowed, has consent
 * for the purpose (non-service messages need an opt-in, service messages only no opt-out), can
 * reach the customer and is under its own cap. Then the message is deferred, never dropped, past a
 * pause, the minimum gap since the last contact, the request's not-before, quiet hours and
 * non-preferred days in the customer's time zone; a deferral beyond the request's expiry suppresses it.
 * Service messages are exempt from caps, gap, pause and quiet hours, never from a revoked consent.
 * Consent and reachability are asked again when a queued message is about to go out
 * ({@link #refusalAtSend}); a deferred message is decided again from the start when it is due.
 */
public final class ContactPolicy {

    static final Duration WINDOW = Duration.ofDays(7);

    private ContactPolicy() {
    }

    public static PolicyDecision decide(PolicyRequest request, CustomerFacts customer, List<Contact> history,
                                        CompanyPolicy company, Instant now) {
        if (request.expiresAt() != null && !now.isBefore(request.expiresAt())) {
            return PolicyDecision.suppress("expired at " + request.expiresAt());
        }
        boolean service = request.category() == CampaignCategory.SERVICE;
        if (!service && request.campaignId() != null && customer.campaignsRespondedTo().contains(request.campaignId())) {
            return PolicyDecision.suppress("customer already responded to campaign " + request.campaignId());
        }
        if (!service && request.offerId() != null) {
            Optional<Contact> made = history.stream().filter(c -> request.offerId().equals(c.offerId())).findFirst();
            if (made.isPresent()) {
                return PolicyDecision.suppress("offer " + request.offerId() + " already made on " + made.get().channel().wire());
            }
        }
        ContactPreferences preferences = customer.preferences();
        List<Contact> recent = service ? List.of() : history.stream()
                .filter(c -> c.category() != CampaignCategory.SERVICE && c.sentAt().isAfter(now.minus(WINDOW)))
                .toList();
        if (!service) {
            int cap = preferences != null && preferences.maxPerWeek() != null ? preferences.maxPerWeek() : company.maxPerWeek();
            if (recent.size() >= cap) {
                return PolicyDecision.suppress("weekly cap of " + cap + " contacts reached");
            }
        }

        List<String> refusals = new ArrayList<>();
        Channel chosen = null;
        for (Channel channel : channelOrder(request, preferences)) {
            Optional<String> refusal = refusal(channel, request, customer, recent, company, service);
            if (refusal.isEmpty()) {
                chosen = channel;
                break;
            }
            refusals.add(refusal.get());
        }
        if (chosen == null) {
            return PolicyDecision.suppress(refusals.isEmpty() ? "no allowed channel" : String.join("; ", refusals));
        }
        if (service) {
            return request.notBefore() != null && now.isBefore(request.notBefore())
                    ? PolicyDecision.defer(chosen, request.notBefore(), "not before " + request.notBefore())
                    : PolicyDecision.send(chosen);
        }

        Instant earliest = now;
        String why = null;
        if (preferences != null && preferences.pausedUntil() != null && preferences.pausedUntil().isAfter(earliest)) {
            earliest = preferences.pausedUntil();
            why = "customer paused contacts";
        }
        Optional<Instant> last = recent.stream().map(Contact::sentAt).max(Instant::compareTo);
        // no gap, no wait: a contact recorded a moment "after" now by another clock must not defer anything
        if (last.isPresent() && company.minimumGap() != null && !company.minimumGap().isZero()
                && last.get().plus(company.minimumGap()).isAfter(earliest)) {
            earliest = last.get().plus(company.minimumGap());
            why = "minimum gap since the last contact";
        }
        if (request.notBefore() != null && request.notBefore().isAfter(earliest)) {
            earliest = request.notBefore();
            why = "not before " + request.notBefore();
        }
        QuietHours quiet = preferences != null && preferences.quietHours() != null ? preferences.quietHours() : company.defaultQuietHours();
        Set<DayOfWeek> days = preferences != null && preferences.preferredDays() != null && !preferences.preferredDays().isEmpty()
                ? Set.copyOf(preferences.preferredDays()) : null;
        Instant allowed = nextAllowedMoment(earliest, customer.timeZone(), quiet, days);
        if (allowed.isAfter(earliest)) {
            why = quiet != null && inQuietHours(earliest.atZone(customer.timeZone()).toLocalTime(), quiet)
                    ? "quiet hours" : "not a preferred day";
            earliest = allowed;
        }
        if (!earliest.isAfter(now)) {
            return PolicyDecision.send(chosen);
        }
        if (request.expiresAt() != null && !earliest.isBefore(request.expiresAt())) {
            return PolicyDecision.suppress(why + " until " + earliest + ", after the request expires");
        }
        return PolicyDecision.defer(chosen, earliest, why);
    }

    /** The customer's stated order first (it also limits the channels), else the request's preference, else the allowed order. */
    static List<Channel> channelOrder(PolicyRequest request, ContactPreferences preferences) {
        List<Channel> allowed = request.allowedChannels() == null ? List.of() : request.allowedChannels();
        Set<Channel> order = new LinkedHashSet<>();
        if (preferences != null && preferences.channels() != null && !preferences.channels().isEmpty()) {
            preferences.channels().stream().filter(allowed::contains).forEach(order::add);
            return new ArrayList<>(order);
        }
        if (request.preferredChannels() != null) {
            request.preferredChannels().stream().filter(allowed::contains).forEach(order::add);
        }
        order.addAll(allowed);
        return new ArrayList<>(order);
    }

    /**
     * Whether a message the policy already decided to send on a channel may still go out now: the
     * consent and contact-point part of the decision, asked again at send time against the
     * customer's current facts, so that a consent revoked (or an address invalidated) while the
     * message waited in the queue takes effect before it is sent. Caps, gaps and quiet hours were
     * settled when it was decided and are not asked again. Empty if it may go, else the reason.
     */
    public static Optional<String> refusalAtSend(CampaignCategory category, Channel channel, CustomerFacts customer) {
        return consentOrReach(channel, category, customer, category == CampaignCategory.SERVICE);
    }

    private static Optional<String> refusal(Channel channel, PolicyRequest request, CustomerFacts customer, List<Contact> recent,
                                            CompanyPolicy company, boolean service) {
        Optional<String> unreachable = consentOrReach(channel, request.category(), customer, service);
        if (unreachable.isPresent()) {
            return unreachable;
        }
        if (!service) {
            int cap = channelCap(customer.preferences(), channel).orElse(company.capFor(channel));
            long sentOnChannel = recent.stream().filter(c -> c.channel() == channel).count();
            if (sentOnChannel >= cap) {
                return Optional.of(channel.wire() + ": weekly cap of " + cap + " reached");
            }
        }
        return Optional.empty();
    }

    /** Non-service messages need an opt-in, service messages only no opt-out; and the channel must reach the customer. */
    private static Optional<String> consentOrReach(Channel channel, CampaignCategory category, CustomerFacts customer, boolean service) {
        ConsentStatus consent = consentFor(customer.consents(), channel, category);
        if (consent == ConsentStatus.OPT_OUT) {
            return Optional.of(channel.wire() + ": consent revoked for " + category.wire());
        }
        if (!service && consent != ConsentStatus.OPT_IN) {
            return Optional.of(channel.wire() + ": no opt-in for " + category.wire());
        }
        if (!customer.reachableOn(channel)) {
            return Optional.of(channel.wire() + (channel == Channel.MAIL ? ": no full name and postal address" : ": no valid contact point"));
        }
        return Optional.empty();
    }

    private static Optional<Integer> channelCap(ContactPreferences preferences, Channel channel) {
        if (preferences == null || preferences.channelCaps() == null) {
            return Optional.empty();
        }
        return preferences.channelCaps().stream().filter(cap -> cap.channel() == channel).map(ChannelCap::maxPerWeek).findFirst();
    }

    static ConsentStatus consentFor(List<ConsentState> consents, Channel channel, CampaignCategory category) {
        return consents.stream()
                .filter(state -> state.channel() == channel && state.purpose().wire().equals(category.wire()))
                .map(ConsentState::status)
                .reduce((first, second) -> second)
                .orElse(null);
    }

    /** The first moment at or after {@code from} outside quiet hours and on a preferred day, in the customer's zone. */
    static Instant nextAllowedMoment(Instant from, ZoneId zone, QuietHours quiet, Set<DayOfWeek> days) {
        ZonedDateTime at = from.atZone(zone);
        for (int step = 0; step < 16; step++) {
            if (days != null && !days.contains(at.getDayOfWeek())) {
                at = at.toLocalDate().plusDays(1).atStartOfDay(zone);
                continue;
            }
            if (quiet != null && inQuietHours(at.toLocalTime(), quiet)) {
                boolean spansMidnight = quiet.start().isAfter(quiet.end());
                boolean beforeMidnight = !at.toLocalTime().isBefore(quiet.start());
                at = (spansMidnight && beforeMidnight ? at.toLocalDate().plusDays(1) : at.toLocalDate()).atTime(quiet.end()).atZone(zone);
                continue;
            }
            return at.toInstant();
        }
        return at.toInstant();
    }

    static boolean inQuietHours(LocalTime time, QuietHours quiet) {
        if (quiet.start().isBefore(quiet.end())) {
            return !time.isBefore(quiet.start()) && time.isBefore(quiet.end());
        }
        return !time.isBefore(quiet.start()) || time.isBefore(quiet.end());
    }
}
