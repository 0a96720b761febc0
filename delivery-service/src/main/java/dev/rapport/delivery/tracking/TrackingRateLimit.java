package dev.rapport.delivery.tracking;

import dev.rapport.web.Problem;
import dev.rapport.web.ProblemType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.rapport.delivery.channels.DeliveryConfig;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracking endpoints are public: each client address may call them at most
 * {@code rapport.delivery.tracking-requests-per-second} times a second (a token bucket per address,
 * per replica), beyond that 429 with Retry-After. Mail clients open a pixel and follow a link or two;
 * a scanner hammering tokens is slowed down.
 */
@ApplicationScoped
public class TrackingRateLimit {

    private static final int MAX_CLIENTS = 100_000;

    private record Bucket(double tokens, long at, boolean allowed) {
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;

    public TrackingRateLimit(DeliveryConfig config) {
        this.perSecond = config.trackingRequestsPerSecond();
    }

    void install(@Observes Router router) {
        router.routeWithRegex("/(t|u)/.*").order(-10).handler(this::limit);
    }

    private void limit(RoutingContext context) {
        String client = context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().hostAddress();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.clear(); // bounded memory under a flood of addresses
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.compute(client, (key, old) -> {
            double tokens = old == null ? perSecond : Math.min(perSecond, old.tokens() + (now - old.at()) / 1e9 * perSecond);
            // a refused call costs nothing: a client that slows down is served again within a second
            return tokens >= 1 ? new Bucket(tokens - 1, now, true) : new Bucket(tokens, now, false);
        });
        if (bucket.allowed()) {
            context.next();
            return;
        }
        String body = "{\"type\":\"" + ProblemType.TOO_MANY_REQUESTS.uri() + "\",\"title\":\"" + ProblemType.TOO_MANY_REQUESTS.title()
                + "\",\"status\":429,\"detail\":\"too many tracking requests from this address\",\"instance\":\"" + context.request().path()
                .replace("\"", "") + "\"}";
        context.response().setStatusCode(429).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Retry-After", "1").end(body);
    }
}
