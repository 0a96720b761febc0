package dev.rapport.delivery.policy;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Decision;

import java.time.Instant;

/** The policy's answer: send now on a channel, defer until a moment (on a channel), or suppress with the reason. */
public record PolicyDecision(Decision decision, Channel channel, Instant deferredUntil, String reason) {

    static PolicyDecision send(Channel channel) {
        return new PolicyDecision(Decision.SENT, channel, null, null);
    }

    static PolicyDecision defer(Channel channel, Instant until, String reason) {
        return new PolicyDecision(Decision.DEFERRED, channel, until, reason);
    }

    static PolicyDecision suppress(String reason) {
        return new PolicyDecision(Decision.SUPPRESSED, null, null, reason);
    }
}
