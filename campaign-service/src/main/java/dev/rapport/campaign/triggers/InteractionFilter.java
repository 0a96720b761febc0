package dev.rapport.campaign.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.web.FieldError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The filter of an interaction trigger: an object whose members are dotted paths into the
 * interaction event ({@code channel}, {@code direction}, {@code amount}, {@code details.items.category})
 * and whose values are what the interaction must have there: a value, or an array of allowed
 * values. A path through an array matches if any element matches, so
 * {@code {"details.items.category": "garden"}} is "a purchase with a garden item".
 */
public final class InteractionFilter {

    private InteractionFilter() {
    }

    public static boolean matches(JsonNode filter, JsonNode interaction) {
        if (filter == null || filter.isNull()) {
            return true;
        }
        Iterator<Map.Entry<String, JsonNode>> members = filter.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            if (!matches(interaction, member.getKey().split("\\."), 0, member.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Problems with a filter as stored, with the paths of the bad members. */
    public static List<FieldError> check(JsonNode filter, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (filter == null || filter.isNull()) {
            return errors;
        }
        if (!filter.isObject()) {
            errors.add(new FieldError(path, "must be an object of interaction paths to required values"));
            return errors;
        }
        filter.fields().forEachRemaining(member -> {
            JsonNode value = member.getValue();
            boolean scalars = value.isValueNode() || (value.isArray() && !value.isEmpty()
                    && java.util.stream.StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isValueNode));
            if (member.getKey().isBlank() || !scalars) {
                errors.add(new FieldError(path + "." + member.getKey(), "must be a value or a non-empty array of values"));
            }
        });
        return errors;
    }

    private static boolean matches(JsonNode node, String[] path, int depth, JsonNode expected) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return expected.isNull();
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (matches(element, path, depth, expected)) {
                    return true;
                }
            }
            return false;
        }
        if (depth == path.length) {
            if (expected.isArray()) {
                for (JsonNode option : expected) {
                    if (equal(node, option)) {
                        return true;
                    }
                }
                return false;
            }
            return equal(node, expected);
        }
        return matches(node.get(path[depth]), path, depth + 1, expected);
    }

    private static boolean equal(JsonNode actual, JsonNode expected) {
        if (actual.isNumber() && expected.isNumber()) {
            return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        return actual.isValueNode() && actual.asText().equals(expected.asText());
    }
}
