package dev.rapport.interaction.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a timeline page ended: the (occurredAt, id) of its last item. The next page continues
 * strictly after it in (occurredAt desc, id desc) order, so interactions arriving meanwhile never
 * shift or repeat items.
 */
public record TimelineCursor(Instant occurredAt, UUID id) {

    public String encode() {
        String raw = occurredAt.getEpochSecond() + "." + occurredAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException if the text is not a cursor this service issued */
    public static TimelineCursor decode(String text) {
        String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        int dot = raw.indexOf('.');
        if (colon < 0 || dot < 0 || dot > colon) {
            throw new IllegalArgumentException("not a timeline cursor");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)), Long.parseLong(raw.substring(dot + 1, colon)));
        return new TimelineCursor(at, UUID.fromString(raw.substring(colon + 1)));
    }
}
