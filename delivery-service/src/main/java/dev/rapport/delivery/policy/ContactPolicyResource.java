package dev.rapport.delivery.policy;

import dev.rapport.web.FieldError;
import dev.rapport.web.FieldErrors;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@Path("/api/v1/contact-policy")
@Tag(name = "Contact policy", description = "Company-wide defaults of the contact policy")
@Produces(MediaType.APPLICATION_JSON)
public class ContactPolicyResource {

    private static final Duration LONGEST_GAP = Duration.ofDays(365);

    private final ContactPolicyStore store;

    public ContactPolicyResource(ContactPolicyStore store) {
        this.store = store;
    }

    @GET
    @WithSession
    @Operation(summary = "The company-wide policy")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CompanyPolicy.class)))
    @RolesAllowed({Roles.MARKETER, Roles.AGENT, Roles.OPERATOR, Roles.ADMIN})
    public Uni<CompanyPolicy> read() {
        return store.current();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Replace the company-wide policy", description = "Applies to every decision from now on; the customer's own stated limits come first.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CompanyPolicy.class)))
    @APIResponse(responseCode = "400", description = "Invalid policy", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed(Roles.ADMIN)
    public Uni<CompanyPolicy> replace(@NotNull @Valid CompanyPolicy policy) {
        check(policy);
        return store.replace(policy);
    }

    /** What Bean Validation cannot say: a gap that is a gap, and quiet hours with both ends (every later decision reads them). */
    private static void check(CompanyPolicy policy) {
        List<FieldError> errors = new ArrayList<>();
        if (policy.minimumGap().isNegative() || policy.minimumGap().compareTo(LONGEST_GAP) > 0) {
            errors.add(new FieldError("minimumGap", "must be from PT0S to P365D"));
        }
        if (policy.defaultQuietHours() != null && policy.defaultQuietHours().start() == null) {
            errors.add(new FieldError("defaultQuietHours.start", "must not be null"));
        }
        if (policy.defaultQuietHours() != null && policy.defaultQuietHours().end() == null) {
            errors.add(new FieldError("defaultQuietHours.end", "must not be null"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, FieldErrors.detail(errors), errors);
        }
    }
}
