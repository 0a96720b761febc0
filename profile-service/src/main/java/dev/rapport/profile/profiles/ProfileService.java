package dev.rapport.profile.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.LifeFacts;
import dev.rapport.contracts.events.PostalAddress;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.contracts.IdentityRules;
import dev.rapport.profile.identity.ProfileIdentity;
import dev.rapport.profile.profiles.ProfileRequests.IdentityBody;
import dev.rapport.profile.profiles.ProfileRequests.NameBody;
import dev.rapport.profile.profiles.ProfileRequests.NewProfile;
import dev.rapport.profile.profiles.ProfileRequests.ProfileFields;
import dev.rapport.web.FieldError;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creating, reading, changing and finding profiles; every change publishes the new snapshot. */
@ApplicationScoped
public class ProfileService {

    private final ProfileEvents events;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final ProfileConfig config;

    public ProfileService(ProfileEvents events, ObjectMapper mapper, Validator validator, ProfileConfig config) {
        this.events = events;
        this.mapper = mapper;
        this.validator = validator;
        this.config = config;
    }

    @WithTransaction
    public Uni<ProfileView> create(NewProfile request) {
        checkTraits(request.traits());
        List<Identity> identities = normalizedIdentities(request.identities());
        Instant now = now();
        Profile profile = new Profile();
        profile.id = UUID.randomUUID();
        profile.revision = 1;
        profile.createdAt = now;
        profile.updatedAt = now;
        apply(request.fields(), profile);
        return refuseTaken(identities, null)
                .flatMap(ignored -> profile.persist())
                .flatMap(ignored -> persistIdentities(profile.id, identities, now))
                .flatMap(ignored -> events.changed(profile))
                .flatMap(ignored -> viewOf(profile));
    }

    /** The profile with this id, or the survivor it was merged into; null if there is none. */
    @WithSession
    public Uni<ProfileView> get(UUID id) {
        return resolve(id).flatMap(profile -> profile == null ? Uni.createFrom().nullItem() : viewOf(profile));
    }

    @WithSession
    public Uni<ProfileView> lookup(Identity identity) {
        Identity normalized = IdentityRules.normalize(identity);
        // an identity no profile can have is a client error, and its text may not even reach the database (NUL)
        IdentityRules.problem(normalized).ifPresent(problem -> {
            throw ProblemException.invalid("identity", problem);
        });
        return ProfileIdentity.findByIdentity(normalized)
                .flatMap(found -> found == null ? Uni.createFrom().nullItem()
                        : Profile.<Profile>findById(found.customerId).flatMap(this::viewOf));
    }

    @WithTransaction
    public Uni<ProfileView> patch(UUID id, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "a JSON merge patch must be a JSON object");
        }
        return existing(id).flatMap(profile -> {
            ProfileFields fields;
            try {
                fields = patched(profile, patch);
            } catch (JsonProcessingException unknownOrMistyped) {
                // answered as a problem naming the field, like the same mistake in a POST body
                return Uni.createFrom().failure(unknownOrMistyped);
            }
            apply(fields, profile);
            profile.touch(now());
            return events.changed(profile).flatMap(ignored -> viewOf(profile));
        });
    }

    /** Attaches an identity; attaching one the profile already has changes nothing. Emits whether it was added. */
    @WithTransaction
    public Uni<AttachResult> attach(UUID id, IdentityBody body) {
        Identity identity = normalized(body, "");
        return existing(id).flatMap(profile -> ProfileIdentity.findByIdentity(identity).flatMap(owner -> {
            if (owner != null && owner.customerId.equals(profile.id)) {
                return viewOf(profile).map(view -> new AttachResult(view, false));
            }
            if (owner != null) {
                throw ProblemException.conflict(identity.asReference() + " already identifies another profile", "value");
            }
            Instant now = now();
            profile.touch(now);
            return ProfileIdentity.of(profile.id, identity, now).persist()
                    .flatMap(ignored -> events.changed(profile))
                    .flatMap(ignored -> viewOf(profile))
                    .map(view -> new AttachResult(view, true));
        }));
    }

    public record AttachResult(ProfileView profile, boolean added) {
    }

    /** The live profile for an id, following merges. */
    public static Uni<Profile> resolve(UUID id) {
        return Profile.<Profile>findById(id).flatMap(profile -> profile != null
                ? Uni.createFrom().item(profile)
                : MergedProfile.<MergedProfile>findById(id).flatMap(merged -> merged == null
                        ? Uni.createFrom().nullItem()
                        : Profile.findById(merged.survivorId)));
    }

    /** The live profile, or a 404 problem. */
    public static Uni<Profile> existing(UUID id) {
        return resolve(id).map(profile -> {
            if (profile == null) {
                throw ProblemException.notFound("profile", id);
            }
            return profile;
        });
    }

    public Uni<ProfileView> viewOf(Profile profile) {
        return ProfileIdentity.listOf(profile.id).map(identities -> ProfileView.of(profile, identities));
    }

    private ProfileFields patched(Profile profile, JsonNode patch) throws JsonProcessingException {
        ProfileFields current = new ProfileFields(
                profile.title == null && profile.givenName == null && profile.familyName == null
                        ? null : new NameBody(profile.title, profile.givenName, profile.familyName),
                profile.address == null ? null : new ProfileRequests.AddressBody(profile.address.lines(),
                        profile.address.postalCode(), profile.address.city(), profile.address.region(), profile.address.country()),
                profile.timeZone, profile.locale, profile.traits,
                profile.lifeFacts == null ? null : new ProfileRequests.LifeFactsBody(profile.lifeFacts.childrenBirthYears()));
        JsonNode result = JsonMergePatch.apply(mapper.valueToTree(current), patch);
        ProfileFields fields = mapper.treeToValue(result, ProfileFields.class);
        Set<ConstraintViolation<ProfileFields>> violations = validator.validate(fields);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        checkTraits(fields.traits());
        return fields;
    }

    private void apply(ProfileFields fields, Profile profile) {
        NameBody name = fields.name();
        profile.title = name == null ? null : name.title();
        profile.givenName = name == null ? null : name.givenName();
        profile.familyName = name == null ? null : name.familyName();
        profile.address = fields.address() == null ? null : new PostalAddress(fields.address().lines(),
                fields.address().postalCode(), fields.address().city(), fields.address().region(), fields.address().country());
        profile.timeZone = fields.timeZone() == null ? config.defaultTimeZone() : fields.timeZone();
        profile.locale = fields.locale();
        profile.traits = fields.traits() == null || fields.traits().isNull() ? mapper.createObjectNode() : fields.traits();
        profile.lifeFacts = fields.lifeFacts() == null ? null : new LifeFacts(fields.lifeFacts().childrenBirthYears());
    }

    private void checkTraits(JsonNode traits) {
        if (traits == null || traits.isNull()) {
            return;
        }
        if (!traits.isObject()) {
            throw ProblemException.invalid("traits", "must be a JSON object");
        }
        if (traits.toString().length() > config.maxTraitsSize()) {
            throw ProblemException.invalid("traits", "must be at most " + config.maxTraitsSize() + " characters of JSON");
        }
    }

    private List<Identity> normalizedIdentities(List<IdentityBody> bodies) {
        if (bodies == null) {
            return List.of();
        }
        List<Identity> identities = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        Set<Identity> seen = new HashSet<>();
        for (int i = 0; i < bodies.size(); i++) {
            String field = "identities[" + i + "].value";
            Identity identity = IdentityRules.normalize(new Identity(bodies.get(i).type(), bodies.get(i).value()));
            IdentityRules.problem(identity).ifPresent(problem -> errors.add(new FieldError(field, problem)));
            if (!seen.add(identity)) {
                errors.add(new FieldError(field, "appears twice"));
            }
            identities.add(identity);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message() : errors.size() + " fields are not valid", errors);
        }
        return identities;
    }

    static Identity normalized(IdentityBody body, String prefix) {
        Identity identity = IdentityRules.normalize(new Identity(body.type(), body.value()));
        IdentityRules.problem(identity).ifPresent(problem -> {
            throw ProblemException.invalid(prefix + "value", problem);
        });
        return identity;
    }

    /** 409 if any identity already belongs to a profile other than {@code owner}. */
    private static Uni<Void> refuseTaken(List<Identity> identities, UUID owner) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < identities.size(); i++) {
            Identity identity = identities.get(i);
            String field = "identities[" + i + "].value";
            chain = chain.flatMap(ignored -> ProfileIdentity.findByIdentity(identity).map(found -> {
                if (found != null && !found.customerId.equals(owner)) {
                    throw ProblemException.conflict(identity.asReference() + " already identifies another profile", field);
                }
                return null;
            })).replaceWithVoid();
        }
        return chain;
    }

    private static Uni<Void> persistIdentities(UUID customerId, List<Identity> identities, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Identity identity : identities) {
            chain = chain.flatMap(ignored -> ProfileIdentity.of(customerId, identity, now).persist().replaceWithVoid());
        }
        return chain;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
