package dev.rapport.infra.testing;

import dev.rapport.infra.testing.JsonMutations.Kind;
import dev.rapport.infra.testing.JsonMutations.Mutation;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A document's contract, field by field, written down in a test so that the test can decide up
 * front which {@link JsonMutations} a service must refuse and which are genuinely acceptable. One
 * line per field (array elements as {@code [*]}), a type and flags:
 * <pre>
 * name.givenName          text max=200
 * identities              array max=20
 * identities[*]           object required
 * identities[*].type      enum required
 * lifeFacts.years[*]      int required min=1900 max=2100
 * traits                  json            # free JSON: whatever is inside is acceptable
 * </pre>
 * Types: {@code text} (free text: any Unicode but NUL and lone surrogates), {@code code} (text
 * restricted to a pattern or a set of identifiers), {@code enum}, {@code uuid}, {@code instant},
 * {@code date}, {@code time}, {@code duration}, {@code int}, {@code long}, {@code decimal}, {@code bool},
 * {@code object}, {@code array}, {@code json} (any JSON value) and {@code jsonobject} (any JSON
 * object). Flags: {@code required} (not null, not missing), {@code notblank}, {@code nonempty},
 * {@code min=N}, {@code max=N} (value, length or element count), {@code scale=N} (decimal places),
 * {@code digits=N} (integer digits of a decimal),
 * {@code past}, {@code positive} (durations), {@code visible} (text without invisible characters:
 * bidi overrides, zero-width characters, non-characters), {@code trimmed} (a plain Java enum, whose
 * name Jackson trims), {@code lenient} (the service ignores what is wrong with it).
 * <p>
 * Jackson's standard coercions count as acceptable: a number or boolean where text is expected is
 * read as its text, a whole number where a timestamp or duration is expected as epoch seconds, or
 * where a boolean is expected as false (zero) or true, a
 * fraction where an integer is expected is truncated, a big number is a fine decimal where no
 * bound says otherwise, an empty string where an optional UUID, date,
 * time or duration is expected is null. A mutation of a field with no rule is an
 * error of the test, so every field of the sample must be described.
 */
public final class FieldRules {

    /** One field's rule. */
    public record Rule(String path, String type, Set<String> flags, BigDecimal min, BigDecimal max, Integer scale, Integer digits) {

        boolean has(String flag) {
            return flags.contains(flag);
        }

        boolean textual() {
            return type.equals("text") || type.equals("code");
        }
    }

    private static final Set<String> TRIMMED = Set.of("instant", "date", "time", "duration", "uuid");
    /** Types Jackson reads an empty string as null for. */
    private static final Set<String> EMPTY_AS_NULL = Set.of("instant", "date", "time", "duration", "uuid");
    /** Invisible or meaningless characters that a {@code visible} text must not contain. */
    private static final java.util.List<String> INVISIBLE = java.util.List.of("\\u202e", "\\u200b", "\\uffff");

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    private FieldRules() {
    }

    /** Parses the rules, one field per line; {@code #} starts a comment. */
    public static FieldRules parse(String text) {
        FieldRules parsed = new FieldRules();
        for (String raw : text.split("\n")) {
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            Set<String> flags = new java.util.HashSet<>();
            BigDecimal min = null;
            BigDecimal max = null;
            Integer scale = null;
            Integer digits = null;
            for (int i = 2; i < parts.length; i++) {
                String flag = parts[i];
                if (flag.startsWith("min=")) {
                    min = new BigDecimal(flag.substring(4));
                } else if (flag.startsWith("max=")) {
                    max = new BigDecimal(flag.substring(4));
                } else if (flag.startsWith("digits=")) {
                    digits = Integer.parseInt(flag.substring(7));
                } else if (flag.startsWith("scale=")) {
                    scale = Integer.parseInt(flag.substring(6));
                } else {
                    flags.add(flag);
                }
            }
            parsed.rules.put(parts[0], new Rule(parts[0], parts[1].toLowerCase(Locale.ROOT), Set.copyOf(flags), min, max, scale, digits));
        }
        return parsed;
    }

    /** The rule of a path like {@code identities[3].type}. */
    public Rule rule(String path) {
        Rule rule = rules.get(generic(path));
        if (rule == null) {
            throw new IllegalArgumentException("no rule for the field " + path + " (" + generic(path) + "); describe every field of the sample");
        }
        return rule;
    }

    /** The type of the field at the path: {@code json} anywhere inside a free JSON field. */
    public String typeOf(String path) {
        return insideJson(path) ? "json" : rule(path).type();
    }

    /** May the service accept this mutation? Everything not genuinely acceptable must be refused. */
    public boolean acceptable(Mutation m) {
        if (m.refusedWhileParsing()) {
            return false; // body-level, or a number longer than the parser reads
        }
        if (isBrokenUnicode(m)) {
            // NUL and lone surrogates can be neither stored nor echoed faithfully; but Jackson trims
            // control characters around UUIDs, dates, times and plain Java enum names (String.trim), so a
            // trailing NUL there reads as the valid value itself
            return m.value().contains("\\u0000") && !m.is(Kind.UNKNOWN_FIELD) && !insideJson(m.path())
                    && (TRIMMED.contains(rule(m.path()).type()) || rule(m.path()).has("trimmed"));
        }
        if (m.is(Kind.UNKNOWN_FIELD)) {
            String parent = parentOf(m.path());
            return parent != null && insideJson(parent + ".x");
        }
        if (insideJson(m.path())) {
            return true;
        }
        Rule rule = rule(m.path());
        if (rule.has("lenient")) {
            return true;
        }
        String value = m.value();
        return switch (m.kind()) {
            case MISSING, NULL -> !rule.has("required");
            case BLANK -> (rule.type().equals("text") && !rule.has("notblank")) || rule.type().equals("json")
                    || (EMPTY_AS_NULL.contains(rule.type()) && !rule.has("required"));
            case EMPTY -> rule.type().equals("array") ? !rule.has("nonempty") && !aboveMin(rule, BigDecimal.ZERO)
                    : rule.type().equals("json") || rule.type().equals("jsonobject") || !rule.has("nonempty");
            case WRONG_TYPE -> wrongTypeAcceptable(rule, value, rules.get(generic(m.path()) + "[*]"));
            case HUGE_STRING -> (rule.type().equals("text") && (rule.max() == null || rule.max().intValue() >= hugeLength(m)))
                    || rule.type().equals("json");
            case UNICODE -> (rule.type().equals("text") && !(rule.has("visible") && INVISIBLE.stream().anyMatch(value::contains)))
                    || rule.type().equals("json");
            case UNKNOWN_ENUM, BAD_FORMAT -> rule.type().equals("text") || rule.type().equals("json");
            case NEGATIVE, ZERO -> numberAcceptable(rule, m);
            case FRACTION -> rule.type().equals("int") || rule.type().equals("long") ? inRange(rule, BigDecimal.ZERO)
                    : rule.type().equals("decimal") && (rule.scale() == null || rule.scale() >= 30) && inRange(rule, new BigDecimal(value));
            case OVERFLOW -> overflowAcceptable(rule, m);
            case LONG_ARRAY -> rule.type().equals("array") && (rule.max() == null || rule.max().intValue() >= Integer.parseInt(value));
            default -> false;
        };
    }

    private static boolean wrongTypeAcceptable(Rule rule, String value, Rule element) {
        if (rule.type().equals("json")) {
            return true;
        }
        if (rule.type().equals("jsonobject")) {
            return value.startsWith("{");
        }
        if (value.equals("[null]")) {
            return rule.type().equals("array") && element != null && !element.has("required");
        }
        if (List.of("int", "long", "decimal").contains(rule.type()) && value.equals("42")) {
            return true; // a number where the sample had null
        }
        if (rule.type().equals("bool") && value.equals("true")) {
            return true;
        }
        if (rule.type().equals("object") && value.startsWith("{")) {
            return true; // an object where the sample had null
        }
        if (rule.textual() && value.startsWith("\"")) {
            return true; // text where the sample had null
        }
        boolean number = value.equals("42");
        boolean bool = value.equals("true");
        if (rule.textual()) {
            // Jackson reads a number or boolean as its text; a code with a pattern may still refuse it
            return number || bool;
        }
        if (rule.type().equals("instant") || rule.type().equals("duration")) {
            return number; // epoch seconds / seconds
        }
        if (rule.type().equals("bool")) {
            return number; // zero is false, anything else true
        }
        return false;
    }

    private static boolean numberAcceptable(Rule rule, Mutation m) {
        if (rule.type().equals("duration")) {
            return !rule.has("positive") && !(m.is(Kind.NEGATIVE) && rule.has("nonnegative"));
        }
        if (!List.of("int", "long", "decimal").contains(rule.type())) {
            return false;
        }
        return inRange(rule, new BigDecimal(m.value()));
    }

    private static boolean inRange(Rule rule, BigDecimal value) {
        return (rule.min() == null || value.compareTo(rule.min()) >= 0) && (rule.max() == null || value.compareTo(rule.max()) <= 0);
    }

    /** A big number is fine where the field's type and bounds hold it (2147483648 in a long, a decimal without bounds). */
    private static boolean overflowAcceptable(Rule rule, Mutation m) {
        String value = m.value();
        if (m.refusedWhileParsing() || value.contains("e") || !List.of("int", "long", "decimal").contains(rule.type())) {
            return false;
        }
        BigDecimal number = new BigDecimal(value);
        BigDecimal min = rule.min() != null ? rule.min() : rule.type().equals("int") ? BigDecimal.valueOf(Integer.MIN_VALUE)
                : rule.type().equals("long") ? BigDecimal.valueOf(Long.MIN_VALUE) : null;
        BigDecimal max = rule.max() != null ? rule.max() : rule.type().equals("int") ? BigDecimal.valueOf(Integer.MAX_VALUE)
                : rule.type().equals("long") ? BigDecimal.valueOf(Long.MAX_VALUE) : null;
        return (min == null || number.compareTo(min) >= 0) && (max == null || number.compareTo(max) <= 0)
                && (rule.digits() == null || integerDigits(number) <= rule.digits());
    }

    private static int integerDigits(BigDecimal value) {
        return Math.max(0, value.precision() - value.scale());
    }

    private static boolean aboveMin(Rule rule, BigDecimal count) {
        return rule.min() != null && count.compareTo(rule.min()) < 0;
    }

    private static int hugeLength(Mutation m) {
        String digits = m.description().replaceAll("[^0-9]", "");
        return digits.isEmpty() ? JsonMutations.DEFAULT_HUGE_STRING : Integer.parseInt(digits);
    }

    /** NUL or a lone surrogate in the new value. */
    public static boolean isBrokenUnicode(Mutation m) {
        return m.is(Kind.UNICODE) && m.value() != null
                && (m.value().contains("\\u0000") || m.value().contains("\\ud800") || m.value().contains("\\udc00"));
    }

    /** Is the path strictly inside a field of type json or jsonobject? */
    private boolean insideJson(String path) {
        String parent = parentOf(path);
        while (parent != null) {
            Rule rule = rules.get(generic(parent));
            if (rule != null && (rule.type().equals("json") || rule.type().equals("jsonobject"))) {
                return true;
            }
            parent = parentOf(parent);
        }
        return false;
    }

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? null : path.substring(0, cut);
    }

    static String generic(String path) {
        return path.replaceAll("\\[\\d+]", "[*]");
    }
}
