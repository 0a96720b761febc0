package dev.rapport.interaction.timeline;

import dev.rapport.contracts.WireName;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.interaction.customers.CustomerResolver;
import dev.rapport.interaction.ingest.Interaction;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/customers/{id}/timeline")
@Tag(name = "Timeline", description = "A customer's interactions across every channel")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CHANNEL_APP, Roles.AGENT, Roles.ADMIN})
public class TimelineResource {

    @Schema(name = "TimelinePage")
    public record TimelinePage(UUID customerId, List<InteractionRecorded> items,
                               @Schema(description = "pass as cursor for the next page; absent on the last page") String nextCursor) {
    }

    private final CustomerResolver customers;

    public TimelineResource(CustomerResolver customers) {
        this.customers = customers;
    }

    @GET
    @WithSession
    @Operation(summary = "The customer's interactions, newest first", description = "Filters combine; pages are stable while "
            + "new interactions arrive. A merged customer's id answers with the survivor's history.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TimelinePage.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter or cursor", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TimelinePage> timeline(@PathParam("id") UUID id,
                                      @Parameter(description = "web, app, email, sms, push, phone, store, mail, chat, social") @QueryParam("channel") String channel,
                                      @QueryParam("type") String type,
                                      @Parameter(description = "inbound or outbound") @QueryParam("direction") String direction,
                                      @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
                                      @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
                                      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
                                      @QueryParam("cursor") String cursor) {
        StringBuilder where = new StringBuilder("i.customerId = :customer");
        Map<String, Object> params = new HashMap<>();
        if (channel != null) {
            where.append(" and i.channel = :channel");
            params.put("channel", parse("channel", () -> WireName.parse(Channel.class, channel).wire()));
        }
        if (type != null) {
            where.append(" and i.type = :type");
            params.put("type", parse("type", () -> {
                if (type.indexOf('\u0000') >= 0) {
                    throw new IllegalArgumentException("must not contain NUL");
                }
                return type;
            }));
        }
        if (direction != null) {
            where.append(" and i.direction = :direction");
            params.put("direction", parse("direction", () -> WireName.parse(Direction.class, direction).wire()));
        }
        if (from != null) {
            where.append(" and i.occurredAt >= :from");
            params.put("from", parse("from", () -> storable(Instant.parse(from))));
        }
        if (to != null) {
            where.append(" and i.occurredAt < :to");
            params.put("to", parse("to", () -> storable(Instant.parse(to))));
        }
        if (cursor != null) {
            TimelineCursor after = parse("cursor", () -> {
                TimelineCursor decoded = TimelineCursor.decode(cursor);
                storable(decoded.occurredAt());
                return decoded;
            });
            where.append(" and (i.occurredAt < :afterAt or (i.occurredAt = :afterAt and i.id < :afterId))");
            params.put("afterAt", after.occurredAt());
            params.put("afterId", after.id());
        }
        String query = "from Interaction i where " + where + " order by i.occurredAt desc, i.id desc";
        return customers.survivorOf(id).flatMap(customer -> Panache.getSession().flatMap(session -> {
            var select = session.createSelectionQuery(query, Interaction.class).setParameter("customer", customer);
            params.forEach(select::setParameter);
            return select.setMaxResults(limit + 1).getResultList();
        }).map(rows -> {
            boolean more = rows.size() > limit;
            List<Interaction> page = more ? rows.subList(0, limit) : rows;
            Interaction last = page.isEmpty() ? null : page.get(page.size() - 1);
            return new TimelinePage(customer, page.stream().map(Interaction::asEvent).toList(),
                    more && last != null ? new TimelineCursor(last.occurredAt, last.id).encode() : null);
        }));
    }

    /** A time PostgreSQL can compare with: years 0000 to 9999, as RFC 3339 has them. */
    private static Instant storable(Instant time) {
        if (time.isBefore(Instant.parse("0000-01-01T00:00:00Z")) || time.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            throw new java.time.DateTimeException("must have a year from 0000 to 9999");
        }
        return time;
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ProblemException.invalid(field, e instanceof DateTimeParseException
                    ? "expected an ISO-8601 timestamp like 2026-11-24T10:15:30Z" : e.getMessage());
        }
    }
}
