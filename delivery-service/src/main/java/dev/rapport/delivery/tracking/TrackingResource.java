package dev.rapport.delivery.tracking;

import dev.rapport.contracts.events.ResponseKind;
import dev.rapport.delivery.channels.TrackingTokens;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.Base64;
import java.util.UUID;

/** Public tracking endpoints: they accept only tokens this service signed; anything else is a 404. */
@Path("/")
@Tag(name = "Tracking", description = "Open pixel, click redirect and one-click unsubscribe (public, signed tokens only)")
@PermitAll
public class TrackingResource {

    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final TrackingTokens tokens;
    private final TrackingService tracking;

    public TrackingResource(TrackingTokens tokens, TrackingService tracking) {
        this.tokens = tokens;
        this.tracking = tracking;
    }

    @GET
    @Path("/t/o/{token}")
    @Operation(summary = "Open pixel")
    @APIResponse(responseCode = "200", description = "A transparent GIF")
    @APIResponse(responseCode = "404", description = "Not a token this service signed")
    public Uni<Response> open(@PathParam("token") String token) {
        UUID messageId = messageOf(token, "o:");
        return tracking.track(messageId, ResponseKind.OPEN, null).map(found -> found
                ? Response.ok(PIXEL, "image/gif").header("Cache-Control", "no-store").build()
                : notFound());
    }

    @GET
    @Path("/t/c/{token}")
    @Operation(summary = "Click redirect", description = "Redirects only to the target signed into the token.")
    @APIResponse(responseCode = "302", description = "To the signed target")
    @APIResponse(responseCode = "404", description = "Not a token this service signed")
    public Uni<Response> click(@PathParam("token") String token) {
        String payload = tokens.verify(token).filter(p -> p.startsWith("c:")).orElseThrow(TrackingResource::notFoundProblem);
        int bar = payload.indexOf('|');
        if (bar < 0) {
            throw notFoundProblem();
        }
        UUID messageId = uuid(payload.substring(2, bar));
        URI target = URI.create(payload.substring(bar + 1));
        return tracking.track(messageId, ResponseKind.CLICK, target.toString())
                .map(found -> found ? Response.status(302).location(target).build() : notFound());
    }

    @POST
    @Path("/u/{token}")
    @Operation(summary = "One-click unsubscribe (RFC 8058)", description = "Revokes the consent for the message's channel and purpose.")
    @APIResponse(responseCode = "200", description = "Unsubscribed")
    @APIResponse(responseCode = "404", description = "Not a token this service signed")
    public Uni<Response> unsubscribe(@PathParam("token") String token) {
        UUID messageId = messageOf(token, "u:");
        return tracking.track(messageId, ResponseKind.UNSUBSCRIBE, null)
                .map(found -> found ? Response.ok("You are unsubscribed.", "text/plain").build() : notFound());
    }

    private UUID messageOf(String token, String prefix) {
        return uuid(tokens.verify(token).filter(p -> p.startsWith(prefix)).orElseThrow(TrackingResource::notFoundProblem)
                .substring(prefix.length()));
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw notFoundProblem();
        }
    }

    private static Response notFound() {
        throw notFoundProblem();
    }

    private static ProblemException notFoundProblem() {
        return new ProblemException(ProblemType.NOT_FOUND, "no such tracking link");
    }
}
