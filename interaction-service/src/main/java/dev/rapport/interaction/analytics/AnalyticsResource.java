package dev.rapport.interaction.analytics;

import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.messaging.persistence.NativeSql;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

@Path("/api/v1/analytics")
@Tag(name = "Analytics", description = "Cross-channel counts, revenue and campaign response")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MARKETER, Roles.OPERATOR, Roles.ADMIN})
public class AnalyticsResource {

    /** Interaction types that are purchases (count as revenue and conversions). */
    static final String PURCHASES = "('purchase', 'mail-order')";

    @Schema(name = "ChannelFigures")
    public record ChannelFigures(String channel, long interactions, long inbound, long outbound, long purchases, BigDecimal revenue) {
    }

    @Schema(name = "TypeFigures")
    public record TypeFigures(String type, long interactions, BigDecimal revenue) {
    }

    @Schema(name = "DayFigures")
    public record DayFigures(String day, String channel, long interactions, BigDecimal revenue) {
    }

    @Schema(name = "ChannelAnalytics")
    public record ChannelAnalytics(Instant from, Instant to, List<ChannelFigures> byChannel, List<TypeFigures> byType,
                                   List<DayFigures> byDay) {
    }

    @Schema(name = "CampaignChannelFigures")
    public record CampaignChannelFigures(String channel, long sent, long opens, long clicks, long replies, long conversions,
                                         BigDecimal revenue) {
    }

    @Schema(name = "CampaignAnalytics")
    public record CampaignAnalytics(UUID campaignId, Instant from, Instant to, String conversionWindow,
                                    CampaignChannelFigures total, List<CampaignChannelFigures> byChannel) {
    }

    @GET
    @Path("/channels")
    @WithSession
    @Operation(summary = "Interactions and revenue by channel, type and day (UTC)", description = "Default range: the last 30 days.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChannelAnalytics.class)))
    @APIResponse(responseCode = "400", description = "Invalid range", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ChannelAnalytics> channels(@Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
                                          @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(30, ChronoUnit.DAYS) : instant("from", from);
        checkRange(start, end);
        String range = " WHERE occurred_at >= ?1 AND occurred_at < ?2 ";
        return rows("SELECT channel, count(*), count(*) FILTER (WHERE direction = 'inbound'), count(*) FILTER (WHERE direction = 'outbound'), "
                + "count(*) FILTER (WHERE type IN " + PURCHASES + "), COALESCE(sum(amount) FILTER (WHERE type IN " + PURCHASES + "), 0) "
                + "FROM interaction" + range + "GROUP BY channel ORDER BY channel", start, end)
                .flatMap(channels -> rows("SELECT type, count(*), COALESCE(sum(amount) FILTER (WHERE type IN " + PURCHASES + "), 0) "
                        + "FROM interaction" + range + "GROUP BY type ORDER BY type", start, end)
                        .flatMap(types -> rows("SELECT to_char(date_trunc('day', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, channel, "
                                + "count(*), COALESCE(sum(amount) FILTER (WHERE type IN " + PURCHASES + "), 0) "
                                + "FROM interaction" + range + "GROUP BY day, channel ORDER BY day, channel", start, end)
                                .map(days -> new ChannelAnalytics(start, end,
                                        channels.stream().map(r -> new ChannelFigures((String) r[0], count(r[1]), count(r[2]), count(r[3]),
                                                count(r[4]), money(r[5]))).toList(),
                                        types.stream().map(r -> new TypeFigures((String) r[0], count(r[1]), money(r[2]))).toList(),
                                        days.stream().map(r -> new DayFigures((String) r[0], (String) r[1], count(r[2]), money(r[3]))).toList()))));
    }

    @GET
    @Path("/campaigns/{id}")
    @WithSession
    @Operation(summary = "A campaign's messages and responses by channel",
            description = "sent = outbound messages of the campaign in the range; opens, clicks, replies = responses linked to them; "
                    + "conversions = purchases within the conversion window after a message of the campaign to the same customer, "
                    + "each attributed to the latest such message (last touch), with their revenue.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignAnalytics.class)))
    @APIResponse(responseCode = "400", description = "Invalid range or window", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignAnalytics> campaign(@PathParam("id") UUID campaignId,
                                           @Parameter(description = "ISO-8601 instant, inclusive; default 90 days ago") @QueryParam("from") String from,
                                           @Parameter(description = "ISO-8601 instant, exclusive; default now") @QueryParam("to") String to,
                                           @Parameter(description = "ISO-8601 duration, default P7D") @QueryParam("window") String window) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(90, ChronoUnit.DAYS) : instant("from", from);
        checkRange(start, end);
        Duration conversionWindow = duration(window == null ? "P7D" : window);
        return rows("SELECT channel, count(*) FILTER (WHERE type = 'message-sent'), count(*) FILTER (WHERE type = 'open'), "
                + "count(*) FILTER (WHERE type = 'click'), count(*) FILTER (WHERE type = 'reply') "
                + "FROM interaction WHERE campaign_id = ?1 AND occurred_at >= ?2 AND occurred_at < ?3 GROUP BY channel", campaignId, start, end)
                .flatMap(messages -> rows("""
                        SELECT s.channel, count(*), COALESCE(sum(p.amount), 0)
                        FROM interaction p
                        JOIN LATERAL (
                            SELECT m.channel FROM interaction m
                            WHERE m.campaign_id = ?1 AND m.type = 'message-sent' AND m.customer_id = p.customer_id
                              AND m.occurred_at < p.occurred_at AND m.occurred_at >= p.occurred_at - make_interval(secs => ?4)
                              AND m.occurred_at >= ?2 AND m.occurred_at < ?3
                            ORDER BY m.occurred_at DESC LIMIT 1) s ON true
                        WHERE p.type IN""" + " " + PURCHASES + """
                         AND p.occurred_at > ?2 AND p.occurred_at < CAST(?3 AS timestamptz) + make_interval(secs => ?4)
                        GROUP BY s.channel""", campaignId, start, end, (double) conversionWindow.toSeconds())
                        .map(conversions -> {
                            Map<String, long[]> counts = new TreeMap<>();
                            Map<String, BigDecimal> revenue = new TreeMap<>();
                            for (Object[] r : messages) {
                                counts.put((String) r[0], new long[] {count(r[1]), count(r[2]), count(r[3]), count(r[4]), 0});
                            }
                            for (Object[] r : conversions) {
                                counts.computeIfAbsent((String) r[0], c -> new long[5])[4] = count(r[1]);
                                revenue.put((String) r[0], money(r[2]));
                            }
                            List<CampaignChannelFigures> byChannel = new ArrayList<>();
                            long[] total = new long[5];
                            BigDecimal totalRevenue = BigDecimal.ZERO;
                            for (Map.Entry<String, long[]> entry : counts.entrySet()) {
                                long[] c = entry.getValue();
                                BigDecimal r = revenue.getOrDefault(entry.getKey(), BigDecimal.ZERO);
                                byChannel.add(new CampaignChannelFigures(entry.getKey(), c[0], c[1], c[2], c[3], c[4], r));
                                for (int i = 0; i < 5; i++) {
                                    total[i] += c[i];
                                }
                                totalRevenue = totalRevenue.add(r);
                            }
                            return new CampaignAnalytics(campaignId, start, end, conversionWindow.toString(),
                                    new CampaignChannelFigures("all", total[0], total[1], total[2], total[3], total[4], totalRevenue),
                                    byChannel);
                        }));
    }

    private static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return NativeSql.rows(sql, parameters);
    }

    private static long count(Object value) {
        return ((Number) value).longValue();
    }

    private static BigDecimal money(Object value) {
        return value instanceof BigDecimal decimal ? decimal.stripTrailingZeros().max(BigDecimal.ZERO).setScale(2, java.math.RoundingMode.HALF_UP)
                : new BigDecimal(String.valueOf(value)).setScale(2, java.math.RoundingMode.HALF_UP);
    }

    private static Instant instant(String field, String text) {
        Instant time;
        try {
            time = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "expected an ISO-8601 timestamp like 2026-11-24T10:15:30Z");
        }
        // beyond these PostgreSQL fails (or compares with infinity)
        if (time.isBefore(Instant.parse("0000-01-01T00:00:00Z")) || time.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            throw ProblemException.invalid(field, "must have a year from 0000 to 9999");
        }
        return time;
    }

    private static Duration duration(String text) {
        try {
            Duration window = Duration.parse(text);
            if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(365)) > 0) {
                throw ProblemException.invalid("window", "must be between PT1S and P365D");
            }
            return window;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("window", "expected an ISO-8601 duration like P7D");
        }
    }

    private static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to");
        }
    }
}
