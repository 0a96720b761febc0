package dev.rapport.profile.consent;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Current consent per channel and purpose, and the whole trail that led to it, oldest first. */
@Schema(name = "Consents")
public record ConsentsView(UUID customerId, List<ConsentState> current, List<Entry> history) {

    @Schema(name = "ConsentRecord")
    public record Entry(long sequence, Channel channel, ConsentPurpose purpose, ConsentStatus status, String source,
                        String proof, Instant recordedAt) {

        static Entry of(ConsentRecord record) {
            return new Entry(record.id, Channel.fromWire(record.channel), ConsentPurpose.fromWire(record.purpose),
                    ConsentStatus.fromWire(record.status), record.source, record.proof, record.recordedAt);
        }
    }

    public static ConsentsView of(UUID customerId, List<ConsentRecord> trail) {
        return new ConsentsView(customerId, ConsentStates.current(trail), trail.stream().map(Entry::of).toList());
    }
}
