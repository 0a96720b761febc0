package dev.rapport.infra.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Bad variants of a valid JSON document (a request body or an event payload), for fuzz tests of
 * endpoints and consumers. Given a valid sample it produces, deterministically for a seed:
 * <ul>
 * <li>body-level variants: malformed JSON (empty, truncated, trailing garbage, not JSON, invalid
 * UTF-8, a raw control character, too deeply nested, ...), the wrong JSON type at the top (array,
 * number, string, null) and a body larger than the services' 2 MB limit;</li>
 * <li>for every field, recursively through nested objects and every array element: the wrong JSON
 * type (string, number, boolean, object, array), null, missing, blank, a huge string, Unicode edge
 * cases (lone surrogates, NUL, RTL override, emoji, combining marks, zero-width characters, a
 * non-character), an unknown enum value (for lower-case tokens), a malformed UUID, timestamp, date,
 * time or duration (recognised by the sample value), out-of-range timestamps, negative, zero,
 * fractional and overflowing numbers, empty and overlong arrays, and an unknown extra field.</li>
 * </ul>
 * Every mutation names its kind, the JSON path of the field it changed (as the problem responses
 * name fields: {@code identities[0].type}) and what it did, and carries the exact bytes to send.
 * Which mutations a service must refuse and which are genuinely acceptable (an emoji in a free-text
 * field) is for the test to decide up front, e.g. with {@link Mutation#at(String)} and {@link Mutation#is(Kind...)}.
 */
public final class JsonMutations {

    /** What a mutation does. */
    public enum Kind {
        /** Not JSON, or not the JSON shape of the document at the top level. */
        MALFORMED,
        /** Larger than the services' request body limit (2 MB). */
        OVERSIZED,
        WRONG_TYPE,
        NULL,
        MISSING,
        /** An empty or whitespace-only string. */
        BLANK,
        /** An empty object or array. */
        EMPTY,
        HUGE_STRING,
        UNICODE,
        UNKNOWN_ENUM,
        /** A malformed UUID, timestamp, date, time or duration. */
        BAD_FORMAT,
        NEGATIVE,
        ZERO,
        /** Numbers beyond long/double, and timestamps beyond what Java or PostgreSQL can hold. */
        OVERFLOW,
        FRACTION,
        /** An array with far more elements than any endpoint accepts. */
        LONG_ARRAY,
        UNKNOWN_FIELD
    }

    /**
     * One bad variant: its kind, the path of the changed field (null for body-level ones), what it
     * did, the JSON text put in the field's place (null if the field was left out, and for
     * body-level ones) and the bytes to send.
     */
    public record Mutation(Kind kind, String path, String description, String value, byte[] body) {

        /** Is this mutation of one of the kinds? */
        public boolean is(Kind... kinds) {
            for (Kind k : kinds) {
                if (k == kind) {
                    return true;
                }
            }
            return false;
        }

        /** Does it change the field at the path or something inside it ({@code at("content")} matches {@code content[0].text})? */
        public boolean at(String fieldPath) {
            return path != null && (path.equals(fieldPath) || path.startsWith(fieldPath + ".") || path.startsWith(fieldPath + "["));
        }

        /** Does it change a field matching the glob, where {@code *} stands for any characters ({@code content[*].text}). */
        public boolean matches(String glob) {
            if (path == null) {
                return false;
            }
            return Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q")).matcher(path).matches();
        }

        /**
         * Refused by the JSON parser before any field is read, so no field can be named: body-level
         * ones, and numbers longer than Jackson's limit of 1,000 digits.
         */
        public boolean refusedWhileParsing() {
            return path == null || (kind == Kind.OVERFLOW && description.startsWith(TOO_MANY_DIGITS));
        }

        /** Body-level (malformed, oversized) rather than about one field. */
        public boolean isBodyLevel() {
            return path == null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** e.g. {@code wrong-type name.givenName: a number (42)}; what a test prints. */
        public String describe() {
            return kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + (path == null ? "" : " " + path) + ": " + description
                    + " (" + body.length + " bytes)";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    public static final int DEFAULT_HUGE_STRING = 100_000;
    /** Comfortably above the 2 MB ({@code 2M} = 2,097,152 bytes) body limit of every service. */
    public static final int OVERSIZED_BYTES = 2_300_000;
    public static final String UNKNOWN_FIELD = "unexpectedField";
    public static final String UNKNOWN_ENUM_VALUE = "zz-no-such-value";
    static final String TOO_MANY_DIGITS = "a number of 1,200 digits";

    /** Unicode edge cases: a name and the JSON string text (escapes as written on the wire) appended to the field's value. */
    public static final Map<String, String> UNICODE_CASES = orderedMap(
            "a lone high surrogate \\ud800", "\\ud800",
            "a lone low surrogate \\udc00", "\\udc00",
            "NUL \\u0000", "\\u0000",
            "a right-to-left override \\u202e", "\\u202egnp.exe",
            "emoji (surrogate pairs, skin tone modifier)", "\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD",
            "stacked combining marks", "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",
            "zero-width space, joiner and BOM", "\\u200b\\u200d\\ufeff",
            "the non-character \\uffff", "\\uffff");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String MARKER = "__rapport_json_mutation__";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TOKEN = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final JsonNode sample;
    private long seed = 20261124L;
    private int hugeString = DEFAULT_HUGE_STRING;
    private int longArray = 1_001;
    private boolean bodyLevel = true;

    private JsonMutations(JsonNode sample) {
        this.sample = sample.deepCopy();
    }

    /** Mutations of a valid document: a JsonNode, or anything Jackson writes as JSON (a Map, a record). */
    public static JsonMutations of(Object validSample) {
        JsonNode node = validSample instanceof JsonNode json ? json : JSON.valueToTree(validSample);
        return new JsonMutations(node);
    }

    public static JsonMutations of(String validJson) {
        try {
            return new JsonMutations(JSON.readTree(validJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the sample is not valid JSON", e);
        }
    }

    /** The seed of the random choices (truncation points, garbage); the same seed gives the same mutations. */
    public JsonMutations seed(long seed) {
        this.seed = seed;
        return this;
    }

    public long seed() {
        return seed;
    }

    /** The length of the huge strings (default 100,000 characters). */
    public JsonMutations hugeString(int length) {
        this.hugeString = length;
        return this;
    }

    /** How many elements an overlong array gets (default 1,001), capped so that the body stays under 1.5 MB. */
    public JsonMutations longArray(int elements) {
        this.longArray = elements;
        return this;
    }

    /** Only field-level mutations (e.g. for an event payload inside an envelope). */
    public JsonMutations fieldsOnly() {
        this.bodyLevel = false;
        return this;
    }

    public JsonNode sample() {
        return sample.deepCopy();
    }

    /** The valid sample as bytes, e.g. for a control request. */
    public byte[] validBody() {
        return write(sample, null);
    }

    /** Every mutation, in a stable order: body-level first, then field by field in document order. */
    public List<Mutation> all() {
        List<Mutation> out = new ArrayList<>();
        Random random = new Random(seed);
        if (bodyLevel) {
            bodyLevel(out, random);
        }
        fields(sample, "", out);
        return out;
    }

    /** The mutations the filter keeps. */
    public List<Mutation> where(Predicate<Mutation> filter) {
        return all().stream().filter(filter).toList();
    }

    /** At most {@code max} mutations: all body-level ones and a seeded random choice of the field-level ones, in stable order. */
    public List<Mutation> sample(int max) {
        List<Mutation> all = all();
        if (all.size() <= max) {
            return all;
        }
        List<Mutation> body = all.stream().filter(Mutation::isBodyLevel).toList();
        List<Integer> fieldIndexes = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).isBodyLevel()) {
                fieldIndexes.add(i);
            }
        }
        java.util.Collections.shuffle(fieldIndexes, new Random(seed));
        List<Integer> chosen = new ArrayList<>(fieldIndexes.subList(0, Math.max(0, Math.min(fieldIndexes.size(), max - body.size()))));
        java.util.Collections.sort(chosen);
        List<Mutation> out = new ArrayList<>(body);
        chosen.forEach(i -> out.add(all.get(i)));
        return out;
    }

    // ---------------------------------------------------------------- body level

    private void bodyLevel(List<Mutation> out, Random random) {
        byte[] valid = write(sample, null);
        String text = new String(valid, StandardCharsets.UTF_8);
        malformed(out, "an empty body", new byte[0]);
        malformed(out, "only whitespace", "  \n\t ".getBytes(StandardCharsets.UTF_8));
        malformed(out, "truncated after the first character", text.substring(0, 1));
        for (int i = 0; i < 2 && text.length() > 3; i++) {
            int cut = 2 + random.nextInt(text.length() - 3);
            malformed(out, "truncated at character " + cut + " of " + text.length(), text.substring(0, cut));
        }
        malformed(out, "the last character cut off", text.substring(0, text.length() - 1));
        malformed(out, "trailing garbage after the document", text + "}]xyz");
        malformed(out, "two documents one after the other", text + text);
        malformed(out, "plain text", "this is not JSON");
        malformed(out, "XML", "<request><name>x</name></request>");
        malformed(out, "single-quoted strings", text.replace('"', '\''));
        malformed(out, "a comment before the document", "/* comment */ " + text);
        malformed(out, "a NaN literal", sample.isObject() ? "{\"" + UNKNOWN_FIELD + "\": NaN}" : "[NaN]");
        malformed(out, "an invalid escape \\x in a string", "{\"" + UNKNOWN_FIELD + "\": \"\\x41\"}");
        malformed(out, "a raw control character (U+0001) inside a string", "{\"" + UNKNOWN_FIELD + "\": \"a\u0001b\"}");
        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.writeBytes("{\"".getBytes(StandardCharsets.UTF_8));
        badUtf8.writeBytes(firstMemberName().getBytes(StandardCharsets.UTF_8));
        badUtf8.writeBytes("\": \"a".getBytes(StandardCharsets.UTF_8));
        badUtf8.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
        badUtf8.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        out.add(new Mutation(Kind.MALFORMED, null, "invalid UTF-8 bytes (C3 28 FF FE) inside a string", null, badUtf8.toByteArray()));
        byte[] garbage = new byte[64];
        random.nextBytes(garbage);
        out.add(new Mutation(Kind.MALFORMED, null, "64 random bytes (seeded)", null, garbage));
        malformed(out, "nested 5,000 arrays deep", "[".repeat(5_000) + "]".repeat(5_000));
        malformed(out, "JSON null instead of the document", "null");
        if (sample.isObject()) {
            malformed(out, "an empty array instead of an object", "[]");
            malformed(out, "the document wrapped in an array", "[" + text + "]");
            malformed(out, "a number instead of an object", "42");
            malformed(out, "a string instead of an object", "\"" + MARKER.replace("_", "") + "\"");
            malformed(out, "true instead of an object", "true");
        } else if (sample.isArray()) {
            malformed(out, "an object instead of an array", "{}");
            malformed(out, "a number instead of an array", "42");
        }
        out.add(new Mutation(Kind.OVERSIZED, null, "a string of " + OVERSIZED_BYTES + " characters (more than 2 MB)", null,
                oversized()));
    }

    private byte[] oversized() {
        if (!sample.isObject()) {
            return ("[\"" + "x".repeat(OVERSIZED_BYTES) + "\"]").getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode copy = (ObjectNode) sample.deepCopy();
        String member = firstMemberName();
        copy.put(member, "x".repeat(OVERSIZED_BYTES));
        return write(copy, null);
    }

    private String firstMemberName() {
        if (sample.isObject() && sample.fieldNames().hasNext()) {
            return sample.fieldNames().next();
        }
        return UNKNOWN_FIELD;
    }

    private static void malformed(List<Mutation> out, String description, String body) {
        out.add(new Mutation(Kind.MALFORMED, null, description, null, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void malformed(List<Mutation> out, String description, byte[] body) {
        out.add(new Mutation(Kind.MALFORMED, null, description, null, body));
    }

    // ---------------------------------------------------------------- field level

    /** Walks the document; {@code path} is the JSON path of {@code node} ("" for the root). */
    private void fields(JsonNode node, String path, List<Mutation> out) {
        if (!path.isEmpty()) {
            leaf(node, path, out);
        }
        if (node.isObject()) {
            out.add(replaced(path.isEmpty() ? UNKNOWN_FIELD : path + "." + UNKNOWN_FIELD, Kind.UNKNOWN_FIELD,
                    "an extra field nobody declared", "\"surprise\""));
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                fields(node.get(name), path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                fields(node.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private void leaf(JsonNode node, String path, List<Mutation> out) {
        // wrong JSON types
        if (!node.isTextual()) {
            out.add(replaced(path, Kind.WRONG_TYPE, "a string instead of " + typeOf(node), "\"" + "not-a-" + typeOf(node).replace(' ', '-') + "\""));
        }
        if (!node.isNumber()) {
            out.add(replaced(path, Kind.WRONG_TYPE, "a number (42) instead of " + typeOf(node), "42"));
        }
        if (!node.isBoolean()) {
            out.add(replaced(path, Kind.WRONG_TYPE, "true instead of " + typeOf(node), "true"));
        }
        if (!node.isObject()) {
            out.add(replaced(path, Kind.WRONG_TYPE, "an object instead of " + typeOf(node), "{\"" + UNKNOWN_FIELD + "\": 1}"));
        }
        if (!node.isArray()) {
            out.add(replaced(path, Kind.WRONG_TYPE, "an array instead of " + typeOf(node), "[" + scalarText(node) + "]"));
        }
        if (!node.isNull()) {
            out.add(replaced(path, Kind.NULL, "null instead of " + typeOf(node), "null"));
        }
        if (isMember(path)) {
            out.add(new Mutation(Kind.MISSING, path, "the field left out", null, write(removed(path), null)));
        }
        if (node.isTextual()) {
            text(node.asText(), path, out);
        } else if (node.isNumber()) {
            number(node, path, out);
        } else if (node.isObject() && node.size() > 0) {
            out.add(replaced(path, Kind.EMPTY, "an empty object", "{}"));
        } else if (node.isArray()) {
            if (node.size() > 0) {
                out.add(replaced(path, Kind.EMPTY, "an empty array", "[]"));
                out.add(longArray(node, path));
            }
            out.add(replaced(path, Kind.WRONG_TYPE, "an array holding null", "[null]"));
        }
    }

    private void text(String value, String path, List<Mutation> out) {
        out.add(replaced(path, Kind.BLANK, "an empty string", "\"\""));
        out.add(replaced(path, Kind.BLANK, "only whitespace", "\"  \\t \""));
        out.add(replaced(path, Kind.HUGE_STRING, "a string of " + hugeString + " characters", "\"" + "x".repeat(hugeString) + "\""));
        String kept = escape(value.length() > 40 ? value.substring(0, 40) : value);
        for (Map.Entry<String, String> edge : UNICODE_CASES.entrySet()) {
            out.add(replaced(path, Kind.UNICODE, "the value followed by " + edge.getKey(), "\"" + kept + edge.getValue() + "\""));
        }
        if (UUID_TEXT.matcher(value).matches()) {
            out.add(replaced(path, Kind.BAD_FORMAT, "not a UUID", "\"not-a-uuid\""));
            out.add(replaced(path, Kind.BAD_FORMAT, "a UUID with a non-hex digit", "\"" + value.substring(0, 35) + "g\""));
            out.add(replaced(path, Kind.BAD_FORMAT, "a UUID with an extra digit", "\"" + value + "0\""));
        } else if (isInstant(value)) {
            out.add(replaced(path, Kind.BAD_FORMAT, "an impossible timestamp", "\"2026-13-45T25:61:00Z\""));
            out.add(replaced(path, Kind.BAD_FORMAT, "a timestamp without a zone", "\"2026-11-24T10:15:30\""));
            out.add(replaced(path, Kind.BAD_FORMAT, "a word instead of a timestamp", "\"yesterday\""));
            out.add(replaced(path, Kind.OVERFLOW, "a timestamp after PostgreSQL's range (year 294277)", "\"+294277-01-01T00:00:00Z\""));
            out.add(replaced(path, Kind.OVERFLOW, "a timestamp before PostgreSQL's range (4714 BC)", "\"-4714-01-01T00:00:00Z\""));
            out.add(replaced(path, Kind.OVERFLOW, "a timestamp after Java's range (year 1000000001)", "\"+1000000001-01-01T00:00:00Z\""));
        } else if (isDate(value)) {
            out.add(replaced(path, Kind.BAD_FORMAT, "February 30th", "\"2026-02-30\""));
            out.add(replaced(path, Kind.BAD_FORMAT, "a word instead of a date", "\"tomorrow\""));
            out.add(replaced(path, Kind.OVERFLOW, "a date after PostgreSQL's range (year 294277)", "\"+294277-01-01\""));
        } else if (isTime(value)) {
            out.add(replaced(path, Kind.BAD_FORMAT, "hour 25", "\"25:00\""));
            out.add(replaced(path, Kind.BAD_FORMAT, "a time like 9pm", "\"9pm\""));
        } else if (isDuration(value)) {
            out.add(replaced(path, Kind.BAD_FORMAT, "an unknown duration unit", "\"P1X\""));
            out.add(replaced(path, Kind.NEGATIVE, "a negative duration", "\"-PT1H\""));
            out.add(replaced(path, Kind.ZERO, "a zero duration", "\"PT0S\""));
            out.add(replaced(path, Kind.OVERFLOW, "a duration beyond a long of seconds", "\"PT9223372036854775808S\""));
            out.add(replaced(path, Kind.OVERFLOW, "a duration of 100 million days", "\"P100000000D\""));
        } else if (TOKEN.matcher(value).matches() && value.length() <= 40) {
            out.add(replaced(path, Kind.UNKNOWN_ENUM, "a value no enumeration has", "\"" + UNKNOWN_ENUM_VALUE + "\""));
            out.add(replaced(path, Kind.UNKNOWN_ENUM, "the value in upper case", "\"" + value.toUpperCase(Locale.ROOT) + "\""));
        }
    }

    private void number(JsonNode node, String path, List<Mutation> out) {
        String negative = node.isIntegralNumber() ? (node.asLong() > 0 ? "-" + node.asText() : "-1") : (node.asDouble() > 0 ? "-" + node.asText() : "-1.5");
        out.add(replaced(path, Kind.NEGATIVE, "a negative number (" + negative + ")", negative));
        if (!"-1".equals(negative) && !"-1.5".equals(negative)) {
            out.add(replaced(path, Kind.NEGATIVE, "-1", "-1"));
        }
        out.add(replaced(path, Kind.ZERO, "zero", "0"));
        out.add(replaced(path, Kind.OVERFLOW, "1e400, beyond a double", "1e400"));
        out.add(replaced(path, Kind.OVERFLOW, "Long.MAX_VALUE + 1", "9223372036854775808"));
        out.add(replaced(path, Kind.OVERFLOW, "Long.MIN_VALUE - 1", "-9223372036854775809"));
        out.add(replaced(path, Kind.OVERFLOW, "Integer.MAX_VALUE + 1", "2147483648"));
        out.add(replaced(path, Kind.OVERFLOW, TOO_MANY_DIGITS + " (beyond Jackson's limit)", "1" + "0".repeat(1_199)));
        if (node.isIntegralNumber()) {
            out.add(replaced(path, Kind.FRACTION, "a fraction where an integer is expected", "0.5"));
        } else {
            out.add(replaced(path, Kind.FRACTION, "a fraction with 30 decimal places", "0." + "3".repeat(30)));
        }
    }

    private Mutation longArray(JsonNode array, String path) {
        int elementBytes = write(array.get(0), null).length + 1;
        int count = Math.max(2, Math.min(longArray, 1_500_000 / elementBytes));
        ArrayNode longer = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < count; i++) {
            longer.add(array.get(i % array.size()).deepCopy());
        }
        return new Mutation(Kind.LONG_ARRAY, path, count + " elements", String.valueOf(count), write(set(path, longer), null));
    }

    // ---------------------------------------------------------------- writing

    /** The sample with the node at the path replaced by raw JSON text (which may be invalid for Jackson's writer, e.g. 1e400). */
    private Mutation replaced(String path, Kind kind, String description, String rawJson) {
        JsonNode doc = set(path, TextNode.valueOf(MARKER));
        return new Mutation(kind, path, description, rawJson.length() > 100 ? rawJson.substring(0, 100) + "..." : rawJson, write(doc, rawJson));
    }

    private static byte[] write(JsonNode doc, String markerReplacement) {
        try {
            String text = JSON.writeValueAsString(doc);
            if (markerReplacement != null) {
                text = text.replace("\"" + MARKER + "\"", markerReplacement);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the sample with the value at the path set (created if it is a new member of an existing object). */
    private JsonNode set(String path, JsonNode value) {
        JsonNode copy = sample.deepCopy();
        List<Object> steps = steps(path);
        JsonNode parent = navigate(copy, steps.subList(0, steps.size() - 1));
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return copy;
    }

    private JsonNode removed(String path) {
        JsonNode copy = sample.deepCopy();
        List<Object> steps = steps(path);
        JsonNode parent = navigate(copy, steps.subList(0, steps.size() - 1));
        ((ObjectNode) parent).remove((String) steps.get(steps.size() - 1));
        return copy;
    }

    private static boolean isMember(String path) {
        return !path.endsWith("]");
    }

    private static JsonNode navigate(JsonNode root, List<Object> steps) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        return node;
    }

    /** {@code a.b[2].c} as ["a", "b", 2, "c"]. Member names with dots or brackets are not supported. */
    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) {
                steps.add(name);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                steps.add(Integer.parseInt(part.substring(bracket + 1, close)));
                bracket = part.indexOf('[', close);
            }
        }
        return steps;
    }

    private static String typeOf(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "null";
    }

    private static String scalarText(JsonNode node) {
        return node.isValueNode() ? node.toString() : "1";
    }

    private static String escape(String value) {
        try {
            String quoted = JSON.writeValueAsString(value);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isInstant(String value) {
        try {
            Instant.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isTime(String value) {
        try {
            LocalTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDuration(String value) {
        try {
            Duration.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
