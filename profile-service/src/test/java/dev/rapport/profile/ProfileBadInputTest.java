package dev.rapport.profile;

import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.BadRequests;
import dev.rapport.infra.testing.BadRequests.ParamValue;
import dev.rapport.infra.testing.FieldRules;
import dev.rapport.infra.testing.JsonMutations;
import dev.rapport.infra.testing.StoredData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.infra.testing.BadRequests.badEnums;
import static dev.rapport.infra.testing.BadRequests.badTexts;
import static dev.rapport.infra.testing.BadRequests.badUuids;
import static dev.rapport.infra.testing.BadRequests.endpoint;
import static dev.rapport.profile.ProfileTesting.create;
import static dev.rapport.profile.ProfileTesting.uniqueEmail;

/**
 * Bad input on every public endpoint of profile-service: every mutation of a valid body (malformed
 * JSON, wrong types, huge strings, Unicode edge cases, unknown enum values, negative and overflowing
 * numbers, unknown fields) and bad path and query parameters get a 4xx problem document naming the
 * field, and none of them changes the stored data.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class ProfileBadInputTest {

    static final FieldRules PROFILE_FIELDS = FieldRules.parse("""
            name                            object
            name.title                      text max=50
            name.givenName                  text max=200
            name.familyName                 text max=200
            address                         object
            address.lines                   array max=4
            address.lines[*]                text required notblank max=200
            address.postalCode              text max=20
            address.city                    text max=100
            address.region                  text max=100
            address.country                 code          # ISO 3166-1 alpha-2
            timeZone                        code          # an IANA zone id
            locale                          code          # a language tag
            traits                          jsonobject
            lifeFacts                       object
            lifeFacts.childrenBirthYears    array max=20
            lifeFacts.childrenBirthYears[*] int required min=1900 max=2100
            identities                      array max=20
            identities[*]                   object required
            identities[*].type              enum required
            identities[*].value             text required notblank max=320 visible
            """);

    static final FieldRules IDENTITY = FieldRules.parse("""
            type     enum required
            value    text required notblank max=320 visible
            """);

    static final FieldRules MERGE = FieldRules.parse("""
            profileId   uuid required
            """);

    static final FieldRules CONSENT = FieldRules.parse("""
            purpose     enum required
            status      enum required
            source      text required notblank max=100
            proof       text max=4000
            recordedAt  instant past
            """);

    static final FieldRules PREFERENCES = FieldRules.parse("""
            channels                   array max=10
            channels[*]                enum required
            maxPerWeek                 int min=0 max=100
            channelCaps                array max=10
            channelCaps[*]             object required
            channelCaps[*].channel     enum required
            channelCaps[*].maxPerWeek  int required min=0 max=100
            quietHours                 object
            quietHours.start           time required
            quietHours.end             time required
            preferredDays              array max=7
            preferredDays[*]           enum required trimmed   # java.time.DayOfWeek
            topics                     array max=50
            topics[*]                  text required notblank max=64
            pausedUntil                instant
            """);

    @Test
    void refusesEveryBadRequestWithAProblemNamingTheFieldAndChangesNothing() {
        String email = uniqueEmail();
        UUID profile = create(newProfile(email));
        UUID other = create(newProfile(uniqueEmail()));
        List<ParamValue> badIds = withUnknown(badUuids());

        BadRequests session = BadRequests.against(StoredData.ofService());

        session.test(endpoint("POST", "/api/v1/profiles")
                .body(JsonMutations.of(newProfile(FRESH + "@example.com")))
                .fresh(FRESH, ProfileBadInputTest::freshLocalPart)
                .acceptable(PROFILE_FIELDS::acceptable));
        session.test(endpoint("GET", "/api/v1/profiles/{id}").pathParam("id", profile, badIds));
        session.test(endpoint("GET", "/api/v1/profiles").queryParam("identity", "email:" + email, badIdentities()));
        session.test(endpoint("PATCH", "/api/v1/profiles/{id}").pathParam("id", profile, badIds)
                .contentType("application/merge-patch+json")
                .body(JsonMutations.of(patch()))
                // a merge patch may leave out or remove (null) any member
                .acceptable(m -> m.is(JsonMutations.Kind.NULL, JsonMutations.Kind.MISSING) || PROFILE_FIELDS.acceptable(m)));
        session.test(endpoint("DELETE", "/api/v1/profiles/{id}").pathParam("id", UUID.randomUUID(), badIds));
        session.test(endpoint("POST", "/api/v1/profiles/{id}/identities").pathParam("id", profile, badIds)
                .body(JsonMutations.of(Map.of("type", "email", "value", FRESH + "@example.com")))
                .fresh(FRESH, ProfileBadInputTest::freshLocalPart)
                .acceptable(IDENTITY::acceptable));
        session.test(endpoint("POST", "/api/v1/profiles/{id}/merge").pathParam("id", profile, badIds)
                .body(JsonMutations.of(Map.of("profileId", other.toString())))
                .acceptable(MERGE::acceptable)
                // an acceptable variant (a trailing NUL, which Jackson trims from a UUID) performs the merge before the control could
                .noValidControl());
        session.test(endpoint("PUT", "/api/v1/profiles/{id}/consents/{channel}").pathParam("id", profile, badIds)
                .pathParam("channel", "email", badEnums())
                .body(JsonMutations.of(Map.of("purpose", "promotional", "status", "opt-in", "source", "web-signup-form",
                        "proof", "Yes, send me offers", "recordedAt", Instant.now().minus(1, ChronoUnit.DAYS).toString())))
                .acceptable(CONSENT::acceptable));
        session.test(endpoint("GET", "/api/v1/profiles/{id}/consents").pathParam("id", profile, badIds));
        session.test(endpoint("PUT", "/api/v1/profiles/{id}/preferences").pathParam("id", profile, badIds)
                .body(JsonMutations.of(preferences()))
                .acceptable(PREFERENCES::acceptable));
        session.test(endpoint("GET", "/api/v1/profiles/{id}/preferences").pathParam("id", profile, badIds));
        session.test(endpoint("GET", "/api/v1/profiles/{id}/value").pathParam("id", profile, badIds));
        session.test(endpoint("GET", "/api/v1/profiles/{id}/export").pathParam("id", profile, badIds));
        session.finish();
    }

    /** Stands for a new e-mail local part in each request, so that no two requests claim the same identity. */
    static final String FRESH = "FRESHMAIL";

    static String freshLocalPart() {
        return "bad-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static Map<String, Object> newProfile(String email) {
        return Map.of(
                "name", Map.of("title", "Mr", "givenName", "Joe", "familyName", "Smith"),
                "address", Map.of("lines", List.of("Hauptstr. 1"), "postalCode", "10115", "city", "Berlin", "region", "Berlin",
                        "country", "DE"),
                "timeZone", "Europe/Berlin",
                "locale", "de-DE",
                "traits", Map.of("favouriteColour", "green", "vip", true, "visits", 3),
                "lifeFacts", Map.of("childrenBirthYears", List.of(2011)),
                "identities", List.of(Map.of("type", "email", "value", email)));
    }

    static Map<String, Object> patch() {
        return Map.of(
                "name", Map.of("givenName", "Joseph"),
                "address", Map.of("city", "Hamburg"),
                "timeZone", "Europe/Paris",
                "locale", "fr-FR",
                "traits", Map.of("tier", "gold"),
                "lifeFacts", Map.of("childrenBirthYears", List.of(2015)));
    }

    static Map<String, Object> preferences() {
        return Map.of(
                "channels", List.of("email", "sms"),
                "maxPerWeek", 3,
                "channelCaps", List.of(Map.of("channel", "email", "maxPerWeek", 2)),
                "quietHours", Map.of("start", "21:00", "end", "08:00"),
                "preferredDays", List.of("SATURDAY"),
                "topics", List.of("garden"),
                "pausedUntil", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** Bad ids, and a well-formed id nobody has. */
    static List<ParamValue> withUnknown(List<ParamValue> bad) {
        List<ParamValue> values = new ArrayList<>(bad);
        values.add(new ParamValue("a well-formed id nobody has", UUID.randomUUID().toString()));
        return values;
    }

    static List<ParamValue> badIdentities() {
        List<ParamValue> values = new ArrayList<>(badTexts());
        values.add(new ParamValue("no colon", "email"));
        values.add(new ParamValue("an unknown identity type", "teleport:joe"));
        values.add(new ParamValue("a type without a value", "email:"));
        values.add(new ParamValue("a value without a type", ":joe@example.com"));
        values.add(new ParamValue("NUL inside the value", "email:jo\u0000e@example.com"));
        values.add(new ParamValue("an e-mail of 1,000 characters", "email:" + "j".repeat(1_000) + "@example.com"));
        values.add(new ParamValue("an identity nobody has", "email:" + uniqueEmail()));
        return values;
    }
}
