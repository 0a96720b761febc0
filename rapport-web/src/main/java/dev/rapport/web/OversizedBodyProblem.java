package dev.rapport.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * A request whose declared length exceeds {@code quarkus.http.limits.max-body-size} is refused
 * before anything reads it, with the same problem document as every other error (the HTTP layer's
 * own refusal has an empty body). Bodies without a declared length are still cut off by the HTTP layer.
 */
@ApplicationScoped
public class OversizedBodyProblem {

    private final ObjectMapper mapper;
    private final Optional<MemorySize> limit;

    public OversizedBodyProblem(ObjectMapper mapper,
                                @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        this.mapper = mapper;
        this.limit = limit;
    }

    void install(@Observes Router router) {
        limit.ifPresent(max -> router.route().order(Integer.MIN_VALUE).handler(context -> refuseIfLarger(context, max.asLongValue())));
    }

    private void refuseIfLarger(RoutingContext context, long max) {
        String declared = context.request().getHeader("Content-Length");
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= max) {
            context.next();
            return;
        }
        Problem problem = new Problem(ProblemType.PAYLOAD_TOO_LARGE.uri(), ProblemType.PAYLOAD_TOO_LARGE.title(), 413,
                "the request body has " + length + " bytes, this service accepts at most " + max, context.request().path(), List.of());
        try {
            context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(413);
        }
    }
}
