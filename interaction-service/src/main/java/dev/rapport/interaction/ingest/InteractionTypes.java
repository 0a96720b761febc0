package dev.rapport.interaction.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.Direction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The interaction types Rapport understands, their direction and the typed payload ({@code details})
 * each carries. A payload with members its type does not define is rejected.
 */
// the payload type is chosen at run time (treeToValue): native images must keep the records' constructors
@RegisterForReflection(targets = {InteractionTypes.PageView.class, InteractionTypes.ProductView.class, InteractionTypes.CartChange.class,
        InteractionTypes.CartAbandon.class, InteractionTypes.Item.class, InteractionTypes.Purchase.class, InteractionTypes.Call.class,
        InteractionTypes.StoreVisit.class, InteractionTypes.MailOrder.class, InteractionTypes.SurveyAnswer.class, InteractionTypes.Reply.class,
        InteractionTypes.Open.class, InteractionTypes.Click.class, InteractionTypes.Complaint.class, InteractionTypes.Unsubscribe.class,
        InteractionTypes.Feedback.class, InteractionTypes.Visit.class, InteractionTypes.MessageSent.class})
public final class InteractionTypes {

    /** What one type requires. */
    public record TypeRule(Set<Direction> directions, Class<? extends Record> details, boolean needsAmount, boolean needsMessage) {
    }

    public record PageView(@NotBlank @Size(max = 2000) String url, @Size(max = 2000) String referrer) {
    }

    public record ProductView(@NotBlank @Size(max = 100) String productId, @Size(max = 100) String category) {
    }

    public record CartChange(@NotBlank @Size(max = 100) String productId, @Size(max = 100) String category,
                             @Positive Integer quantity, @PositiveOrZero BigDecimal price) {
    }

    public record CartAbandon(@PositiveOrZero BigDecimal cartValue, @Size(max = 200) List<@Valid Item> items) {
    }

    public record Item(@NotBlank @Size(max = 100) String sku, @Size(max = 100) String category,
                       @NotNull @Positive Integer quantity, @PositiveOrZero BigDecimal price) {
    }

    public record Purchase(@Size(max = 100) String orderId, @Size(max = 500) List<@NotNull @Valid Item> items) {
    }

    public record Call(@NotBlank @Size(max = 200) String reason, @Size(max = 200) String outcome,
                       @Size(max = 100) String agentId, @PositiveOrZero Integer durationSeconds) {
    }

    public record StoreVisit(@NotBlank @Size(max = 100) String storeId) {
    }

    public record MailOrder(@Size(max = 100) String orderId, @Size(max = 500) List<@NotNull @Valid Item> items) {
    }

    public record SurveyAnswer(@NotBlank @Size(max = 100) String surveyId, @NotEmpty Map<String, @Size(max = 2000) String> answers) {
    }

    public record Reply(@Size(max = 10000) String text) {
    }

    public record Open() {
    }

    public record Click(@NotBlank @Size(max = 2000) String url) {
    }

    public record Complaint(@NotBlank @Size(max = 10000) String text) {
    }

    public record Unsubscribe(@Size(max = 100) String purpose) {
    }

    public record Feedback(@NotNull @Min(1) @Max(5) Integer rating, @Size(max = 10000) String text) {
    }

    public record Visit(@Size(max = 2000) String url) {
    }

    public record MessageSent(@Size(max = 100) String offerId, @Size(max = 500) String subject) {
    }

    private static final Set<Direction> IN = Set.of(Direction.INBOUND);
    private static final Set<Direction> OUT = Set.of(Direction.OUTBOUND);
    private static final Set<Direction> BOTH = Set.of(Direction.INBOUND, Direction.OUTBOUND);

    private static final Map<String, TypeRule> RULES = Map.ofEntries(
            Map.entry("page-view", new TypeRule(IN, PageView.class, false, false)),
            Map.entry("product-view", new TypeRule(IN, ProductView.class, false, false)),
            Map.entry("cart-add", new TypeRule(IN, CartChange.class, false, false)),
            Map.entry("cart-abandon", new TypeRule(IN, CartAbandon.class, false, false)),
            Map.entry("purchase", new TypeRule(IN, Purchase.class, true, false)),
            Map.entry("call", new TypeRule(BOTH, Call.class, false, false)),
            Map.entry("store-visit", new TypeRule(IN, StoreVisit.class, false, false)),
            Map.entry("mail-order", new TypeRule(IN, MailOrder.class, true, false)),
            Map.entry("survey-answer", new TypeRule(IN, SurveyAnswer.class, false, false)),
            Map.entry("reply", new TypeRule(IN, Reply.class, false, false)),
            Map.entry("open", new TypeRule(IN, Open.class, false, false)),
            Map.entry("click", new TypeRule(IN, Click.class, false, false)),
            Map.entry("complaint", new TypeRule(IN, Complaint.class, false, false)),
            Map.entry("unsubscribe", new TypeRule(IN, Unsubscribe.class, false, false)),
            Map.entry("feedback", new TypeRule(IN, Feedback.class, false, false)),
            Map.entry("visit", new TypeRule(IN, Visit.class, false, false)),
            Map.entry("message-sent", new TypeRule(OUT, MessageSent.class, false, true)));

    private InteractionTypes() {
    }

    public static Optional<TypeRule> rule(String type) {
        return Optional.ofNullable(RULES.get(type));
    }

    public static Set<String> names() {
        return new java.util.TreeSet<>(RULES.keySet());
    }

    /** The details to validate: an absent payload is an empty object. */
    static JsonNode orEmpty(JsonNode details, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        return details == null || details.isNull() ? mapper.createObjectNode() : details;
    }
}
