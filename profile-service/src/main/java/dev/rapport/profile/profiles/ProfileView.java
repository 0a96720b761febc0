package dev.rapport.profile.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.LifeFacts;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.PostalAddress;
import dev.rapport.profile.identity.ProfileIdentity;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A profile as the API shows it. */
@Schema(name = "Profile")
public record ProfileView(
        UUID id,
        long revision,
        PersonName name,
        PostalAddress address,
        String timeZone,
        String locale,
        JsonNode traits,
        LifeFacts lifeFacts,
        List<IdentityView> identities,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(name = "Identity")
    public record IdentityView(IdentityType type, String value, boolean valid) {

        static IdentityView of(ProfileIdentity row) {
            return new IdentityView(IdentityType.fromWire(row.type), row.value, row.valid);
        }
    }

    public static ProfileView of(Profile profile, List<ProfileIdentity> identities) {
        PersonName name = profile.title == null && profile.givenName == null && profile.familyName == null
                ? null : new PersonName(profile.title, profile.givenName, profile.familyName);
        return new ProfileView(profile.id, profile.revision, name, profile.address, profile.timeZone, profile.locale,
                profile.traits, profile.lifeFacts, identities.stream().map(IdentityView::of).toList(),
                profile.createdAt, profile.updatedAt);
    }
}
