package dev.rapport.profile.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.profile.validation.TimeZoneId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** Request bodies of the profile API. */
public final class ProfileRequests {

    private ProfileRequests() {
    }

    @Schema(name = "Name")
    public record NameBody(
            @Size(max = 50) String title,
            @Size(max = 200) String givenName,
            @Size(max = 200) String familyName) {
    }

    @Schema(name = "PostalAddress")
    public record AddressBody(
            @Size(max = 4) List<@NotBlank @Size(max = 200) String> lines,
            @Size(max = 20) String postalCode,
            @Size(max = 100) String city,
            @Size(max = 100) String region,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 country code, e.g. DE") String country) {
    }

    @Schema(name = "LifeFacts")
    public record LifeFactsBody(
            @Size(max = 20) List<@NotNull @Min(1900) @Max(2100) Integer> childrenBirthYears) {
    }

    @Schema(name = "IdentityRequest")
    public record IdentityBody(
            @NotNull IdentityType type,
            @NotBlank @Size(max = 320) String value) {
    }

    /** The fields of a profile a client may set; also the document a JSON merge patch applies to. */
    @Schema(name = "ProfileFields")
    public record ProfileFields(
            @Valid NameBody name,
            @Valid AddressBody address,
            @TimeZoneId String timeZone,
            @Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag like de or de-DE") String locale,
            @Schema(description = "free traits, a JSON object") JsonNode traits,
            @Valid LifeFactsBody lifeFacts) {
    }

    @Schema(name = "NewProfile")
    public record NewProfile(
            @Valid NameBody name,
            @Valid AddressBody address,
            @TimeZoneId String timeZone,
            @Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag like de or de-DE") String locale,
            @Schema(description = "free traits, a JSON object") JsonNode traits,
            @Valid LifeFactsBody lifeFacts,
            @Size(max = 20) List<@NotNull @Valid IdentityBody> identities) {

        public ProfileFields fields() {
            return new ProfileFields(name, address, timeZone, locale, traits, lifeFacts);
        }
    }

    @Schema(name = "MergeRequest")
    public record MergeRequest(@NotNull UUID profileId) {
    }
}
