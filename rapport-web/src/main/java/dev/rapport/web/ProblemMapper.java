package dev.rapport.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.sqlclient.DatabaseException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The one exception mapping of every Rapport service: each failure becomes an RFC 9457
 * problem+json response that names the wrong fields and never leaks a class name or stack trace.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** PostgreSQL's SQLSTATE for a duplicate key. */
    private static final String UNIQUE_VIOLATION = "23505";

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return ProblemResponses.of(e.type(), e.getMessage(), request.path(), e.errors());
    }

    /** No token, or one that is expired, forged or from another issuer: the same answer, so it tells an attacker nothing. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, HttpServerRequest request) {
        Response problem = ProblemResponses.of(ProblemType.UNAUTHORIZED, "a valid bearer token is required", request.path(), List.of());
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return ProblemResponses.of(ProblemType.FORBIDDEN, "the token's roles do not allow " + request.method() + " " + request.path(),
                request.path(), List.of());
    }

    @ServerExceptionMapper
    public Response invalidParameters(ResteasyReactiveViolationException e, HttpServerRequest request) {
        return violations(e, request);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, HttpServerRequest request) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMapper::isOnReturnValue)) {
            return internal(e, request);
        }
        List<FieldError> errors = FieldErrors.of(e.getConstraintViolations());
        return ProblemResponses.of(ProblemType.VALIDATION_FAILED, FieldErrors.detail(errors), request.path(), errors);
    }

    @ServerExceptionMapper
    public Response unknownField(PropertyBindingException e, HttpServerRequest request) {
        return invalidField(FieldErrors.of(e), request);
    }

    @ServerExceptionMapper
    public Response wrongValue(InvalidFormatException e, HttpServerRequest request) {
        return invalidField(FieldErrors.of(e), request);
    }

    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e, HttpServerRequest request) {
        String field = JsonPaths.of(e);
        if (field == null && e.getTargetType() != null && e.getPath().isEmpty() && e.getOriginalMessage().contains("end-of-input")) {
            return ProblemResponses.of(ProblemType.MALFORMED_BODY, "request body is empty", request.path(), List.of());
        }
        return invalidField(FieldErrors.of(e), request);
    }

    /** A value the payload's own factory refused, e.g. an enum creator listing the accepted values. */
    @ServerExceptionMapper
    public Response refusedValue(ValueInstantiationException e, HttpServerRequest request) {
        return invalidField(FieldErrors.of(e), request);
    }

    @ServerExceptionMapper
    public Response otherMapping(JsonMappingException e, HttpServerRequest request) {
        return invalidField(FieldErrors.of(e), request);
    }

    @ServerExceptionMapper
    public Response notJson(JsonParseException e, HttpServerRequest request) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return ProblemResponses.of(ProblemType.MALFORMED_BODY, "request body is not valid JSON" + where, request.path(), List.of());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, HttpServerRequest request) {
        // the body reader wraps Jackson's own failure in a 400; answer with what Jackson found
        if (e.getCause() instanceof JsonProcessingException json) {
            return jackson(json, request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, request);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (type) {
            case NOT_FOUND -> "no resource at " + request.path();
            case METHOD_NOT_ALLOWED -> request.method() + " is not supported on " + request.path();
            case UNSUPPORTED_MEDIA_TYPE -> "content type " + request.getHeader("Content-Type") + " is not supported";
            case NOT_ACCEPTABLE -> "cannot answer with " + request.getHeader("Accept");
            case PAYLOAD_TOO_LARGE -> "the request body is larger than this endpoint accepts";
            default -> Response.Status.Family.familyOf(status) == Response.Status.Family.CLIENT_ERROR
                    ? reasonOf(status) : "request failed";
        };
        return ProblemResponses.of(type, status, detail, request.path(), List.of());
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, HttpServerRequest request) {
        // a failure's message may quote personal data (a value the database refused): at WARN and ERROR only its types
        // and stack frames are logged, the messages at DEBUG
        if (isUnavailable(e)) {
            LOG.warnf("%s %s failed, a backing service is unavailable: %s", request.method(), request.path(), WithheldMessages.of(e));
            LOG.debugf(e, "%s %s failed, a backing service is unavailable", request.method(), request.path());
            return ProblemResponses.of(ProblemType.UNAVAILABLE, "a backing service is unavailable, retry later", request.path(), List.of());
        }
        if (isUniqueViolation(e)) {
            // the request checked that nothing stood in its way, and a concurrent one created the same thing in between:
            // retried, it finds what the other created and gets the answer it would have had after it
            LOG.infof("%s %s lost a race with a concurrent request for the same resource: %s", request.method(), request.path(),
                    WithheldMessages.of(e));
            return ProblemResponses.of(ProblemType.CONFLICT, "a concurrent request changed the same resource; retry the request",
                    request.path(), List.of());
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(WithheldMessages.of(e), "%s %s failed (reference %s)", request.method(), request.path(), reference);
        LOG.debugf(e, "%s %s failed (reference %s)", request.method(), request.path(), reference);
        return ProblemResponses.of(ProblemType.INTERNAL_ERROR, "internal error, reference " + reference, request.path(), List.of());
    }

    private Response jackson(JsonProcessingException e, HttpServerRequest request) {
        if (e instanceof PropertyBindingException binding) {
            return unknownField(binding, request);
        }
        if (e instanceof InvalidFormatException format) {
            return wrongValue(format, request);
        }
        if (e instanceof MismatchedInputException mismatch) {
            return wrongShape(mismatch, request);
        }
        if (e instanceof ValueInstantiationException refused) {
            return refusedValue(refused, request);
        }
        if (e instanceof JsonMappingException mapping) {
            return otherMapping(mapping, request);
        }
        if (e instanceof JsonParseException parse) {
            return notJson(parse, request);
        }
        return ProblemResponses.of(ProblemType.MALFORMED_BODY, "request body is not valid JSON", request.path(), List.of());
    }

    private static Response invalidField(FieldError error, HttpServerRequest request) {
        List<FieldError> errors = List.of(error);
        return ProblemResponses.of(ProblemType.VALIDATION_FAILED, FieldErrors.detail(errors), request.path(), errors);
    }

    private static boolean isOnReturnValue(ConstraintViolation<?> violation) {
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String state = t instanceof SQLException sql ? sql.getSQLState()
                    : t instanceof DatabaseException database ? database.getSqlState() : null;
            if (UNIQUE_VIOLATION.equals(state)) {
                return true;
            }
        }
        return false;
    }

    private static String reasonOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "request failed" : known.getReasonPhrase().toLowerCase();
    }
}
