package dev.rapport.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** What the stored channels hold: the web/app inbox, the call-center queue and the daily print batch. */
@Path("/api/v1")
@Tag(name = "Channels", description = "Inbox, agent queue and direct-mail print batches")
public class ChannelItemsResource {

    @Schema(name = "ChannelItem")
    public record Item(UUID messageId, UUID customerId, String channel, String subject, String body, Instant createdAt) {
    }

    private final ObjectMapper mapper;

    public ChannelItemsResource(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @GET
    @Path("/customers/{id}/inbox")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "The customer's web and app inbox, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Item.class)))
    @RolesAllowed({Roles.CHANNEL_APP, Roles.AGENT, Roles.ADMIN})
    public Uni<List<Item>> inbox(@PathParam("id") UUID customerId, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return items("WHERE customer_id = ?1 AND channel IN ('web', 'app') ORDER BY created_at DESC LIMIT " + limit, customerId);
    }

    @GET
    @Path("/agent-tasks")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "The call-center queue: calls the policy decided to make, oldest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Item.class)))
    @RolesAllowed({Roles.AGENT, Roles.ADMIN})
    public Uni<List<Item>> agentTasks(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return items("WHERE channel = 'phone' ORDER BY created_at LIMIT " + limit);
    }

    @GET
    @Path("/direct-mail/batches/{date}")
    @Produces("text/csv")
    @WithSession
    @Operation(summary = "The print file of one day (UTC), as CSV", description = "Addressed with each customer's real name and "
            + "postal address; customers without them are never in it.")
    @APIResponse(responseCode = "200", description = "CSV with a header line")
    @APIResponse(responseCode = "400", description = "Not a date", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> printBatch(@PathParam("date") String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("date", "expected a date like 2026-11-24");
        }
        if (day.getYear() < 0 || day.getYear() > 9999) {
            // beyond these PostgreSQL fails, or the next day does not exist
            throw ProblemException.invalid("date", "must have a year from 0000 to 9999");
        }
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT CAST(message_id AS text), CAST(recipient AS text), coalesce(subject, ''), coalesce(body, '')
                        FROM channel_item WHERE channel = 'mail' AND created_at >= ?1 AND created_at < ?2 ORDER BY created_at""", Object[].class)
                .setParameter(1, from).setParameter(2, from.plusDays(1)).getResultList())
                .map(rows -> {
                    StringBuilder csv = new StringBuilder("message_id,title,given_name,family_name,address_line_1,address_line_2,postal_code,city,country,subject,text\n");
                    for (Object[] row : rows) {
                        JsonNode recipient = read((String) row[1]);
                        JsonNode name = recipient.path("name");
                        JsonNode address = recipient.path("address");
                        csv.append(String.join(",", csv((String) row[0]), csv(name.path("title").asText("")), csv(name.path("givenName").asText("")),
                                csv(name.path("familyName").asText("")), csv(address.path("lines").path(0).asText("")),
                                csv(address.path("lines").path(1).asText("")), csv(address.path("postalCode").asText("")),
                                csv(address.path("city").asText("")), csv(address.path("country").asText("")), csv((String) row[2]),
                                csv((String) row[3]))).append('\n');
                    }
                    return Response.ok(csv.toString(), "text/csv").header("Content-Disposition", "attachment; filename=\"direct-mail-" + day + ".csv\"").build();
                });
    }

    private Uni<List<Item>> items(String where, Object... parameters) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery("SELECT message_id, customer_id, channel, subject, body, created_at FROM channel_item " + where,
                    Object[].class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(r -> new Item((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], (String) r[4],
                r[5] instanceof OffsetDateTime time ? time.toInstant() : (Instant) r[5])).toList());
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            return mapper.createObjectNode();
        }
    }

    /** RFC 4180 field: quoted when it holds a comma, quote or line break. */
    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
