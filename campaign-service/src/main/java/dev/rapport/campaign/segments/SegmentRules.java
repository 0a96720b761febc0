package dev.rapport.campaign.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rapport.contracts.WireName;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.web.FieldError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The segment rule language. A rule is a JSON object with exactly one member:
 * <pre>
 * {"all": [rule, ...]}        every rule holds
 * {"any": [rule, ...]}        at least one holds
 * {"not": rule}               the rule does not hold
 * {"field": "value.tier", "op": "in", "value": ["best", "high"]}
 *     fields: profile.timeZone, profile.locale, profile.country, profile.city, traits.&lt;path&gt;,
 *             value.tier, value.lifecycle, value.orderCount, value.revenue
 *     ops: eq, ne, in, notIn, gt, gte, lt, lte, exists
 * {"consent": {"channel": "email", "purpose": "promotional"}}    opted in
 * {"childBorn": {"from": 2024, "to": 2026}}                     a child born in those years (either bound optional)
 * {"childAged": {"min": 0, "max": 5}}                           a child of that age this year
 * {"purchased": {"category": "garden", "withinDays": 30}}       bought (in the category) recently
 * {"noVisit": {"channel": "web", "days": 90}}                   no visit (on the channel) for that long
 * {"orders": {"atLeast": 3}}
 * {"revenue": {"atLeast": 100.00}}
 * </pre>
 * A rule that breaks the language is rejected with the JSON path of the bad node, e.g.
 * {@code rule.all[2].any[0].op}.
 */
public final class SegmentRules {

    static final Set<String> OPS = Set.of("eq", "ne", "in", "notIn", "gt", "gte", "lt", "lte", "exists");
    private static final Set<String> PROFILE_FIELDS = Set.of("profile.timeZone", "profile.locale", "profile.country", "profile.city");
    private static final Set<String> VALUE_FIELDS = Set.of("value.tier", "value.lifecycle", "value.orderCount", "value.revenue");
    private static final int MAX_DEPTH = 16;
    /** The members each kind of rule has; any other is a mistake, as in a field condition. */
    private static final java.util.Map<String, Set<String>> MEMBERS = java.util.Map.of(
            "consent", Set.of("channel", "purpose"),
            "childBorn", Set.of("from", "to"),
            "childAged", Set.of("min", "max"),
            "purchased", Set.of("category", "withinDays"),
            "noVisit", Set.of("channel", "days"),
            "orders", Set.of("atLeast"),
            "revenue", Set.of("atLeast"));

    /** A parsed rule, or the problems found with their paths. */
    public record Parsed(SegmentRule rule, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private SegmentRules() {
    }

    public static Parsed parse(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        SegmentRule rule = parse(json, "rule", errors, 0);
        return new Parsed(errors.isEmpty() ? rule : null, errors);
    }

    private static SegmentRule parse(JsonNode node, String path, List<FieldError> errors, int depth) {
        if (depth > MAX_DEPTH) {
            errors.add(new FieldError(path, "rules nest at most " + MAX_DEPTH + " levels deep"));
            return null;
        }
        if (node != null && node.isObject() && node.has("field")) {
            return parseField(node, path, errors);
        }
        if (node == null || !node.isObject() || node.size() != 1) {
            errors.add(new FieldError(path, "a rule is an object with exactly one of all, any, not, consent, childBorn, "
                    + "childAged, purchased, noVisit, orders, revenue, or a field condition {field, op, value}"));
            return null;
        }
        String kind = node.fieldNames().next();
        JsonNode body = node.get(kind);
        String at = path + "." + kind;
        Set<String> members = MEMBERS.get(kind);
        if (members != null && body != null && body.isObject()) {
            body.fieldNames().forEachRemaining(name -> {
                if (!members.contains(name)) {
                    errors.add(new FieldError(at + "." + name, "unknown member of a " + kind + " rule"));
                }
            });
        }
        return switch (kind) {
            case "all", "any" -> {
                if (!body.isArray() || body.isEmpty()) {
                    errors.add(new FieldError(at, "must be a non-empty array of rules"));
                    yield null;
                }
                List<SegmentRule> rules = new ArrayList<>();
                for (int i = 0; i < body.size(); i++) {
                    rules.add(parse(body.get(i), at + "[" + i + "]", errors, depth + 1));
                }
                yield kind.equals("all") ? new SegmentRule.All(rules) : new SegmentRule.Any(rules);
            }
            case "not" -> new SegmentRule.Not(parse(body, at, errors, depth + 1));
            case "consent" -> {
                String channel = enumText(body, "channel", Channel.class, at, errors);
                String purpose = enumText(body, "purpose", ConsentPurpose.class, at, errors);
                yield new SegmentRule.Consent(channel, purpose);
            }
            case "childBorn" -> new SegmentRule.ChildBorn(optionalInt(body, "from", at, errors, 1900, 2200),
                    optionalInt(body, "to", at, errors, 1900, 2200));
            case "childAged" -> new SegmentRule.ChildAged(optionalInt(body, "min", at, errors, 0, 150),
                    optionalInt(body, "max", at, errors, 0, 150));
            case "purchased" -> new SegmentRule.Purchased(optionalText(body, "category", at, errors),
                    requiredInt(body, "withinDays", at, errors, 1, 3650));
            case "noVisit" -> {
                String channel = body != null && body.has("channel") ? enumText(body, "channel", Channel.class, at, errors) : null;
                yield new SegmentRule.NoVisit(channel, requiredInt(body, "days", at, errors, 1, 3650));
            }
            case "orders" -> new SegmentRule.Orders(requiredInt(body, "atLeast", at, errors, 0, 1_000_000));
            case "revenue" -> {
                JsonNode amount = body == null ? null : body.get("atLeast");
                if (amount == null || !amount.isNumber()) {
                    errors.add(new FieldError(at + ".atLeast", "must be a number"));
                    yield null;
                }
                yield new SegmentRule.Revenue(amount.decimalValue());
            }
            default -> {
                errors.add(new FieldError(at, "unknown rule '" + kind + "'"));
                yield null;
            }
        };
    }

    /** A field condition has the members field, op and (except for exists) value, nothing else. */
    private static SegmentRule parseField(JsonNode node, String path, List<FieldError> errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("field", "op", "value").contains(name)) {
                errors.add(new FieldError(path + "." + name, "unknown member of a field condition"));
            }
        }
        JsonNode field = node.get("field");
        String name = field.isTextual() ? field.asText() : "";
        if (!PROFILE_FIELDS.contains(name) && !VALUE_FIELDS.contains(name)
                && !(name.startsWith("traits.") && name.length() > "traits.".length())) {
            errors.add(new FieldError(path + ".field", "'" + name + "' is not a segment field (profile.timeZone, profile.locale, "
                    + "profile.country, profile.city, traits.<name>, value.tier, value.lifecycle, value.orderCount, value.revenue)"));
        }
        JsonNode op = node.get("op");
        if (op == null || !op.isTextual() || !OPS.contains(op.asText())) {
            errors.add(new FieldError(path + ".op", "must be one of eq, ne, in, notIn, gt, gte, lt, lte, exists"));
            return null;
        }
        JsonNode value = node.get("value");
        boolean list = op.asText().equals("in") || op.asText().equals("notIn");
        if (!op.asText().equals("exists")) {
            if (value == null || value.isNull()) {
                errors.add(new FieldError(path + ".value", "is required for " + op.asText()));
            } else if (list && !value.isArray()) {
                errors.add(new FieldError(path + ".value", "must be an array for " + op.asText()));
            } else if (!list && op.asText().startsWith("g") || !list && op.asText().startsWith("l")) {
                if (!value.isNumber()) {
                    errors.add(new FieldError(path + ".value", "must be a number for " + op.asText()));
                }
            }
        }
        return new SegmentRule.FieldCondition(name, op.asText(), value);
    }

    private static String enumText(JsonNode body, String member, Class<? extends Enum<?>> type, String at, List<FieldError> errors) {
        JsonNode value = body == null ? null : body.get(member);
        if (value == null || !value.isTextual()) {
            errors.add(new FieldError(at + "." + member, "is required"));
            return null;
        }
        for (Enum<?> constant : type.getEnumConstants()) {
            if (WireName.of(constant).equals(value.asText())) {
                return value.asText();
            }
        }
        errors.add(new FieldError(at + "." + member, "'" + value.asText() + "' is not a known " + member));
        return null;
    }

    private static Integer optionalInt(JsonNode body, String member, String at, List<FieldError> errors, int min, int max) {
        JsonNode value = body == null ? null : body.get(member);
        if (value == null) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            errors.add(new FieldError(at + "." + member, "must be an integer from " + min + " to " + max));
            return null;
        }
        return value.asInt();
    }

    private static int requiredInt(JsonNode body, String member, String at, List<FieldError> errors, int min, int max) {
        if (body == null || !body.has(member)) {
            errors.add(new FieldError(at + "." + member, "is required"));
            return 0;
        }
        Integer value = optionalInt(body, member, at, errors, min, max);
        return value == null ? 0 : value;
    }

    private static String optionalText(JsonNode body, String member, String at, List<FieldError> errors) {
        JsonNode value = body == null ? null : body.get(member);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError(at + "." + member, "must be a non-empty string"));
            return null;
        }
        return value.asText();
    }

    static JsonNode fieldValue(CustomerView customer, String field) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (field.startsWith("traits.")) {
            JsonNode node = customer.traits();
            for (String part : field.substring("traits.".length()).split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            return node;
        }
        return switch (field) {
            case "value.tier" -> customer.tier() == null ? null : json.textNode(customer.tier());
            case "value.lifecycle" -> customer.lifecycle() == null ? null : json.textNode(customer.lifecycle());
            case "value.orderCount" -> json.numberNode(customer.orderCount());
            case "value.revenue" -> customer.revenue() == null ? null : json.numberNode(customer.revenue());
            default -> {
                String text = customer.profileFields() == null ? null : customer.profileFields().get(field.substring("profile.".length()));
                yield text == null ? null : json.textNode(text);
            }
        };
    }

    static boolean compare(JsonNode actual, String op, JsonNode expected) {
        if (op.equals("exists")) {
            return actual != null && !actual.isNull();
        }
        if (actual == null || actual.isNull()) {
            return op.equals("ne") || op.equals("notIn");
        }
        return switch (op) {
            case "eq" -> same(actual, expected);
            case "ne" -> !same(actual, expected);
            case "in" -> contains(expected, actual);
            case "notIn" -> !contains(expected, actual);
            default -> {
                if (!actual.isNumber() || !expected.isNumber()) {
                    yield false;
                }
                int order = actual.decimalValue().compareTo(expected.decimalValue());
                yield switch (op) {
                    case "gt" -> order > 0;
                    case "gte" -> order >= 0;
                    case "lt" -> order < 0;
                    default -> order <= 0;
                };
            }
        };
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            if (same(value, it.next())) {
                return true;
            }
        }
        return false;
    }
}
