package dev.rapport.infra.testing;

import dev.rapport.infra.testing.JsonMutations.Kind;
import dev.rapport.infra.testing.JsonMutations.Mutation;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fuzzes the public endpoints of the service under test with bad input and checks the answers:
 * every invalid request gets a 4xx {@code application/problem+json} document with {@code status}
 * and {@code title} (and, for a bad field, an error naming that field), never a 5xx or a 2xx; and
 * the stored data is the same after all invalid requests of an endpoint as before the first one.
 * Mutations classified as acceptable up front (an emoji in a free-text field) are sent afterwards,
 * once every endpoint's invalid requests are through, and may succeed, but never answer 5xx.
 * Prints what it injected and what it verified; collects every failure and reports them together.
 * <pre>
 * BadRequests session = BadRequests.against(StoredData.ofService());
 * session.test(BadRequests.endpoint("POST", "/api/v1/profiles").body(JsonMutations.of(sample))
 *         .acceptable(m -> m.at("name") &amp;&amp; m.is(Kind.UNICODE)));
 * session.finish();
 * </pre>
 */
public final class BadRequests {

    /** Statuses a bad body may get. */
    public static final Set<Integer> BODY_STATUSES = Set.of(400, 413, 415, 422);
    /** Statuses a bad path or query parameter may get (JAX-RS answers 404 when a parameter does not convert). */
    public static final Set<Integer> PARAMETER_STATUSES = Set.of(400, 404);
    /** Statuses the valid request (the control) may get. */
    static final Set<Integer> SUCCESS = Set.of(200, 201, 204);
    private static final List<String> LEAKS = List.of("java.", "jakarta.", "com.fasterxml", "io.quarkus", "io.vertx", "org.hibernate",
            "Exception", "\tat ");

    /**
     * A bad value of one parameter, e.g. {@code not-a-uuid} for an id; or, classified up front as
     * acceptable, an odd but legitimate one (an emoji in a free-text filter) that may succeed.
     */
    public record ParamValue(String description, String value, boolean acceptable) {

        public ParamValue(String description, String value) {
            this(description, value, false);
        }

        /** The same value, classified as acceptable. */
        public ParamValue asAcceptable() {
            return new ParamValue(description, value, true);
        }
    }

    /** Answers of one endpoint by status, for the summary. */
    public record Tally(Map<Integer, Integer> invalid, Map<Integer, Integer> acceptable) {
    }

    private final StoredData stored;
    private final StoredData.Snapshot baseline;
    private final List<String> failures = new ArrayList<>();
    private final List<Runnable> acceptableLater = new ArrayList<>();
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private int injected;

    private BadRequests(StoredData stored) {
        this.stored = stored;
        this.baseline = stored.settled();
        System.out.printf("[bad-input] stored data before: %d tables (%s)%n", baseline.size(), baseline.describe());
    }

    /** Starts a session: takes the baseline snapshot of the stored data once it has settled. */
    public static BadRequests against(StoredData stored) {
        return new BadRequests(stored);
    }

    public static Endpoint endpoint(String method, String pathTemplate) {
        return new Endpoint(method, pathTemplate);
    }

    /** Sends the endpoint's invalid requests now (its acceptable ones after every endpoint's invalid ones) and checks the stored data. */
    public BadRequests test(Endpoint endpoint) {
        Tally tally = new Tally(new TreeMap<>(), new TreeMap<>());
        tallies.put(endpoint.name(), tally);
        int before = failures.size();
        int count = 0;
        System.out.printf("[bad-input] %s: injecting%s%n", endpoint.name(),
                endpoint.mutations == null ? "" : " (body mutations seeded with " + endpoint.mutations.seed() + ")");
        for (Request request : endpoint.requests()) {
            if (request.acceptable()) {
                acceptableLater.add(() -> send(endpoint, request, tally.acceptable));
            } else {
                send(endpoint, request, tally.invalid);
                count++;
            }
        }
        injected += count;
        StoredData.Snapshot after = stored.snapshot();
        List<String> changes = after.changesSince(baseline);
        if (!changes.isEmpty()) {
            failures.add(endpoint.name() + ": stored data changed by invalid requests: " + changes);
        }
        System.out.printf("[bad-input] %s: %d invalid requests injected, answered %s; %d acceptable queued; %s; %d new failures%n",
                endpoint.name(), count, statuses(tally.invalid),
                (int) endpoint.requests().stream().filter(Request::acceptable).count(),
                changes.isEmpty() ? "stored data unchanged (" + after.size() + " tables)" : "STORED DATA CHANGED " + changes,
                failures.size() - before);
        return this;
    }

    /** Sends the acceptable requests, prints the summary and fails with every failure found. */
    public void finish() {
        StoredData.Snapshot afterInvalid = stored.snapshot();
        List<String> changes = afterInvalid.changesSince(baseline);
        System.out.printf("[bad-input] all %d invalid requests done: %s%n", injected,
                changes.isEmpty() ? "stored data unchanged (" + afterInvalid.size() + " tables)" : "STORED DATA CHANGED " + changes);
        if (!acceptableLater.isEmpty()) {
            System.out.printf("[bad-input] sending %d requests classified as acceptable up front (may succeed, never 5xx)%n", acceptableLater.size());
            acceptableLater.forEach(Runnable::run);
        }
        System.out.println("[bad-input] summary");
        tallies.forEach((name, tally) -> System.out.printf("[bad-input]   %-60s invalid %s | acceptable %s%n", name,
                statuses(tally.invalid), statuses(tally.acceptable)));
        if (!failures.isEmpty()) {
            failures.forEach(failure -> System.out.println("[bad-input] FAILED " + failure));
            throw new AssertionError(failures.size() + " bad-input checks failed:\n  " + String.join("\n  ", failures));
        }
    }

    public List<String> failures() {
        return failures;
    }

    private void send(Endpoint endpoint, Request request, Map<Integer, Integer> tally) {
        if (endpoint.paceMillis > 0) {
            try {
                Thread.sleep(endpoint.paceMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Response response;
        try {
            var spec = RestAssured.given().urlEncodingEnabled(false);
            if (request.body() != null && request.contentType() != null) {
                spec.contentType(request.contentType()).body(endpoint.freshen(request.body()));
            }
            response = spec.request(endpoint.method, request.url());
        } catch (RuntimeException e) {
            failures.add(endpoint.name() + " " + request.what() + ": the request failed: " + e);
            System.out.printf("[bad-input]   ERR %s%n", request.what());
            return;
        }
        int status = response.statusCode();
        tally.merge(status, 1, Integer::sum);
        String verdict = request.acceptable() ? acceptable(request, response) : endpoint.check.apply(request, response);
        System.out.printf("[bad-input]   %d %s%s %s%n", status, request.acceptable() ? "(acceptable) " : "",
                request.what(), verdict == null ? "" : "<-- " + verdict);
        if (verdict != null) {
            failures.add(endpoint.name() + " " + request.what() + ": " + verdict);
        }
    }

    private static String acceptable(Request request, Response response) {
        int status = response.statusCode();
        if (!request.statuses().isEmpty() && !request.statuses().contains(status)) {
            return "the valid request got " + status + " instead of one of " + request.statuses() + ": " + abbreviate(response.asString());
        }
        if (status >= 500) {
            return "answered " + status + ": " + abbreviate(response.asString());
        }
        return status >= 400 ? problemShape(response) : null;
    }

    /** The default check of an invalid request: an allowed 4xx problem document naming the expected field. */
    static String checkInvalid(Request request, Response response) {
        int status = response.statusCode();
        if (!request.statuses().contains(status)) {
            return "expected one of " + request.statuses() + ", got " + status + ": " + abbreviate(response.asString());
        }
        String shape = problemShape(response);
        if (shape != null) {
            return shape;
        }
        if (request.field() != null && (status == 400 || status == 422)) {
            List<String> fields = response.jsonPath().getList("errors.field", String.class);
            if (fields == null || fields.stream().noneMatch(field -> pointsAt(field, request.field()))) {
                return "expected an error naming " + request.field() + ", got " + fields + " (" + response.jsonPath().getString("detail") + ")";
            }
        }
        return null;
    }

    /** A problem+json document whose status is the HTTP status, with a title, and no Java names in it. */
    public static String problemShape(Response response) {
        String contentType = response.contentType();
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "content type " + contentType + " instead of application/problem+json: " + abbreviate(response.asString());
        }
        String body = response.asString();
        Integer status;
        String title;
        try {
            status = response.jsonPath().get("status");
            title = response.jsonPath().getString("title");
        } catch (RuntimeException e) {
            return "not a JSON problem document: " + abbreviate(body);
        }
        if (status == null || status != response.statusCode()) {
            return "problem status " + status + " differs from HTTP status " + response.statusCode();
        }
        if (title == null || title.isBlank()) {
            return "problem without a title";
        }
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                return "problem leaks an implementation detail (" + leak.strip() + "): " + abbreviate(body);
            }
        }
        return null;
    }

    /** The error's field is the mutated one, inside it, or the object or array holding it. */
    public static boolean pointsAt(String errorField, String mutated) {
        if (errorField == null) {
            return false;
        }
        return errorField.equals(mutated) || errorField.startsWith(mutated + ".") || errorField.startsWith(mutated + "[")
                || mutated.startsWith(errorField + ".") || mutated.startsWith(errorField + "[");
    }

    private static String statuses(Map<Integer, Integer> tally) {
        if (tally.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        tally.forEach((status, n) -> text.append(text.isEmpty() ? "" : ", ").append(status).append('\u00d7').append(n));
        return text.toString();
    }

    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }

    // ------------------------------------------------------------------ endpoints

    /**
     * One request to send: what it injects, where, the body and its content type, whether it was
     * classified acceptable, the statuses an invalid one may get, the field an error must name
     * (null: none need be named) and the body mutation it carries (null for parameter mutations).
     */
    public record Request(String what, String url, byte[] body, String contentType, boolean acceptable, Set<Integer> statuses,
                          String field, Mutation mutation) {
    }

    /** An endpoint with valid parameters and body, and the bad variants to send. */
    public static final class Endpoint {
        private final String method;
        private final String template;
        private final Map<String, String> pathParams = new LinkedHashMap<>();
        private final Map<String, String> queryParams = new LinkedHashMap<>();
        private final Map<String, List<ParamValue>> badPath = new LinkedHashMap<>();
        private final Map<String, List<ParamValue>> badQuery = new LinkedHashMap<>();
        private String contentType = "application/json";
        private JsonMutations mutations;
        private int sample = Integer.MAX_VALUE;
        private Predicate<Mutation> acceptable = m -> false;
        private Predicate<Mutation> skip = m -> false;
        private Function<Mutation, String> field = Mutation::path;
        private Set<Integer> bodyStatuses = BODY_STATUSES;
        private boolean wrongContentType = true;
        private boolean validControl = true;
        private BiFunction<Request, Response, String> check = BadRequests::checkInvalid;
        private long paceMillis;
        private String freshToken;
        private java.util.function.Supplier<String> fresh;

        private Endpoint(String method, String template) {
            this.method = method;
            this.template = template;
        }

        public String name() {
            return method + " " + template;
        }

        /** A path parameter's valid value, and bad values to try one at a time. */
        public Endpoint pathParam(String name, Object valid, List<ParamValue> bad) {
            pathParams.put(name, String.valueOf(valid));
            badPath.put(name, bad);
            return this;
        }

        /** A query parameter's valid value (null: left out), and bad values to try one at a time. */
        public Endpoint queryParam(String name, Object valid, List<ParamValue> bad) {
            queryParams.put(name, valid == null ? null : String.valueOf(valid));
            badQuery.put(name, bad);
            return this;
        }

        public Endpoint contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** The body mutations to send (with every valid parameter). */
        public Endpoint body(JsonMutations mutations) {
            this.mutations = mutations;
            return this;
        }

        /** Only a seeded sample of at most this many body mutations. */
        public Endpoint sample(int max) {
            this.sample = max;
            return this;
        }

        /** Mutations the endpoint may genuinely accept, classified up front; they are sent last and may succeed. */
        public Endpoint acceptable(Predicate<Mutation> acceptable) {
            this.acceptable = acceptable;
            return this;
        }

        /** Mutations not to send at all (say why in the test). */
        public Endpoint skip(Predicate<Mutation> skip) {
            this.skip = skip;
            return this;
        }

        /** The field an error must name for a mutation (default: the mutated path; null: none required). */
        public Endpoint field(Function<Mutation, String> field) {
            this.field = field;
            return this;
        }

        public Endpoint bodyStatuses(Integer... statuses) {
            this.bodyStatuses = Set.of(statuses);
            return this;
        }

        /** A different check of the answer to an invalid request (e.g. a batch answering per item); null means it passed. */
        public Endpoint check(BiFunction<Request, Response, String> check) {
            this.check = check;
            return this;
        }

        /**
         * Replaces the ASCII token in every body sent with a new value each time, e.g. so that each
         * request creates its own e-mail identity and the acceptable ones do not clash with each other.
         */
        public Endpoint fresh(String token, java.util.function.Supplier<String> value) {
            this.freshToken = token;
            this.fresh = value;
            return this;
        }

        byte[] freshen(byte[] body) {
            if (body == null || freshToken == null) {
                return body;
            }
            byte[] token = freshToken.getBytes(StandardCharsets.ISO_8859_1);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 32);
            int i = 0;
            while (i < body.length) {
                if (i + token.length <= body.length && java.util.Arrays.equals(body, i, i + token.length, token, 0, token.length)) {
                    out.writeBytes(fresh.get().getBytes(StandardCharsets.UTF_8));
                    i += token.length;
                } else {
                    out.write(body[i++]);
                }
            }
            return out.toByteArray();
        }

        /** Waits this long before each request (public endpoints limit the rate per client). */
        public Endpoint paced(long millis) {
            this.paceMillis = millis;
            return this;
        }

        /** Do not send the valid body as a valid request in the acceptable phase (e.g. it would be refused for another reason). */
        public Endpoint noValidControl() {
            this.validControl = false;
            return this;
        }

        List<Request> requests() {
            List<Request> requests = new ArrayList<>();
            String validUrl = url(pathParams, queryParams);
            byte[] validBody = mutations == null ? null : mutations.validBody();
            badPath.forEach((name, values) -> values.forEach(value -> {
                Map<String, String> params = new LinkedHashMap<>(pathParams);
                params.put(name, value.value());
                requests.add(new Request("path " + name + ": " + value.description(), url(params, queryParams), validBody, contentType,
                        value.acceptable(), value.acceptable() ? Set.of() : PARAMETER_STATUSES, name, null));
            }));
            badQuery.forEach((name, values) -> values.forEach(value -> {
                Map<String, String> params = new LinkedHashMap<>(queryParams);
                params.put(name, value.value());
                requests.add(new Request("query " + name + ": " + value.description(), url(pathParams, params), validBody, contentType,
                        value.acceptable(), value.acceptable() ? Set.of() : PARAMETER_STATUSES, name, null));
            }));
            if (mutations != null) {
                if (wrongContentType) {
                    requests.add(new Request("the valid body sent as text/plain", validUrl, validBody, "text/plain", false, Set.of(415), null, null));
                    requests.add(new Request("the valid body sent as application/xml", validUrl, validBody, "application/xml", false,
                            Set.of(415), null, null));
                }
                List<Mutation> chosen = sample == Integer.MAX_VALUE ? mutations.all() : mutations.sample(sample);
                for (Mutation mutation : chosen) {
                    if (skip.test(mutation)) {
                        continue;
                    }
                    boolean ok = acceptable.test(mutation);
                    Set<Integer> statuses = mutation.is(Kind.OVERSIZED) ? Set.of(413) : bodyStatuses;
                    String expected = mutation.refusedWhileParsing() ? null : field.apply(mutation);
                    requests.add(new Request(mutation.describe(), validUrl, mutation.body(), contentType, ok, ok ? Set.of() : statuses, expected,
                            mutation));
                }
                if (validControl) {
                    requests.add(new Request("the valid body itself (control)", validUrl, validBody, contentType, true, SUCCESS, null, null));
                }
            } else if (validControl && !method.equals("DELETE")) {
                requests.add(new Request("the valid parameters (control)", validUrl, null, null, true, SUCCESS, null, null));
            }
            return requests;
        }

        private String url(Map<String, String> path, Map<String, String> query) {
            String url = template;
            for (Map.Entry<String, String> param : path.entrySet()) {
                url = url.replace("{" + param.getKey() + "}", encode(param.getValue()));
            }
            StringBuilder q = new StringBuilder();
            query.forEach((name, value) -> {
                if (value != null) {
                    q.append(q.isEmpty() ? "?" : "&").append(name).append('=').append(encode(value));
                }
            });
            return url + q;
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    // ------------------------------------------------------------------ bad parameter values

    /** An empty parameter: the same as none for a query parameter (acceptable), another route for a path parameter. */
    public static final ParamValue EMPTY = new ParamValue("empty (the same as none)", "", true);

    /** Bad values for a UUID path or query parameter. */
    public static List<ParamValue> badUuids() {
        return List.of(
                new ParamValue("not a UUID", "not-a-uuid"),
                new ParamValue("a number", "123"),
                new ParamValue("a negative number", "-1"),
                new ParamValue("a UUID with a non-hex digit", "00000000-0000-0000-0000-00000000000g"),
                new ParamValue("a UUID with an extra digit", "00000000-0000-0000-0000-0000000000001"),
                new ParamValue("a UUID without dashes", "0000000000000000000000000000000a"),
                new ParamValue("1,000 characters", "x".repeat(1_000)),
                new ParamValue("an emoji", "\uD83D\uDE00"),
                new ParamValue("NUL", "\u0000"),
                new ParamValue("a right-to-left override", "\u202e1234"),
                new ParamValue("SQL", "' OR '1'='1"));
    }

    /** Bad values for an integer parameter that must lie in [min, max]. */
    public static List<ParamValue> badIntegers(long min, long max) {
        List<ParamValue> values = new ArrayList<>(List.of(
                new ParamValue("below the minimum (" + (min - 1) + ")", String.valueOf(min - 1)),
                new ParamValue("above the maximum (" + (max + 1) + ")", String.valueOf(max + 1)),
                new ParamValue("Integer.MAX_VALUE + 1", "2147483648"),
                new ParamValue("Long.MAX_VALUE + 1", "9223372036854775808"),
                new ParamValue("Long.MIN_VALUE - 1", "-9223372036854775809"),
                new ParamValue("1e3", "1e3"),
                new ParamValue("a fraction", "1.5"),
                new ParamValue("a word", "ten"),
                new ParamValue("an emoji", "\uD83D\uDE00"),
                new ParamValue("NUL", "\u0000")));
        if (min - 1 != -1) {
            values.add(new ParamValue("-1", "-1"));
        }
        return values;
    }

    /** Bad values for an ISO-8601 instant parameter. */
    public static List<ParamValue> badInstants() {
        return List.of(
                new ParamValue("a word", "yesterday"),
                new ParamValue("an impossible timestamp", "2026-13-45T25:61:00Z"),
                new ParamValue("a date without time", "2026-11-24"),
                new ParamValue("a timestamp without a zone", "2026-11-24T10:15:30"),
                new ParamValue("after PostgreSQL's range (year 294277)", "+294277-01-01T00:00:00Z"),
                new ParamValue("before PostgreSQL's range (4714 BC)", "-4714-01-01T00:00:00Z"),
                new ParamValue("after Java's range", "+1000000001-01-01T00:00:00Z"),
                new ParamValue("1,000 characters", "2".repeat(1_000)),
                new ParamValue("NUL", "2026-11-24T10:15:30Z\u0000"),
                new ParamValue("an emoji", "\uD83D\uDE00"));
    }

    /** Bad values for an ISO-8601 date parameter. */
    public static List<ParamValue> badDates() {
        return List.of(
                new ParamValue("February 30th", "2026-02-30"),
                new ParamValue("a word", "tomorrow"),
                new ParamValue("a date without dashes", "20261124"),
                new ParamValue("a timestamp", "2026-11-24T00:00:00Z"),
                new ParamValue("after PostgreSQL's range (year 294277)", "+294277-01-01"),
                new ParamValue("the last date Java knows", "+999999999-12-31"),
                new ParamValue("the first date Java knows", "-999999999-01-01"),
                new ParamValue("1,000 characters", "2".repeat(1_000)),
                new ParamValue("NUL", "2026-11-24\u0000"),
                new ParamValue("an emoji", "\uD83D\uDE00"));
    }

    /** Bad values for an ISO-8601 duration parameter. */
    public static List<ParamValue> badDurations() {
        return List.of(
                new ParamValue("an unknown unit", "P1X"),
                new ParamValue("a negative duration", "-P1D"),
                new ParamValue("zero", "PT0S"),
                new ParamValue("100 million days", "P100000000D"),
                new ParamValue("beyond a long of seconds", "PT9223372036854775808S"),
                new ParamValue("a word", "week"),
                new ParamValue("NUL", "P1D\u0000"));
    }

    /** Bad values for a parameter taking one of a set of lower-case words. */
    public static List<ParamValue> badEnums() {
        return List.of(
                new ParamValue("a value no enumeration has", JsonMutations.UNKNOWN_ENUM_VALUE),
                EMPTY,
                new ParamValue("1,000 characters", "x".repeat(1_000)),
                new ParamValue("NUL", "web\u0000"),
                new ParamValue("an emoji", "\uD83D\uDE00"),
                new ParamValue("a right-to-left override", "\u202ebew"));
    }

    /** Bad values for a free-text parameter. */
    public static List<ParamValue> badTexts() {
        return List.of(
                EMPTY,
                new ParamValue("1,000 characters", "x".repeat(1_000)),
                new ParamValue("NUL", "a\u0000b"),
                new ParamValue("a right-to-left override", "\u202eabc"),
                new ParamValue("zero-width characters", "\u200b\u200d\ufeff"),
                new ParamValue("an emoji", "\uD83D\uDE00"),
                new ParamValue("SQL", "' OR '1'='1"));
    }
}
