package dev.rapport.infra.testing;

import dev.rapport.infra.AccessTokens;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every API of a service wants a bearer token, so a service test's RestAssured requests carry an
 * {@code admin} token signed with the key the service under test trusts, unless the request sets
 * its own {@code Authorization} header ({@link #as}) or asks to go {@link #ANONYMOUS}. The
 * security checks of {@link ServiceFoundationChecks} prove the roles; the other tests prove
 * behaviour. Registered as a Quarkus test callback, so it runs in the test's own class loader.
 */
public class BearerTokens implements QuarkusTestBeforeEachCallback {

    /** Set this header (any value) on a request to send it without any token. */
    public static final String ANONYMOUS = "X-Test-Anonymous";

    /** The Authorization header value for a role. */
    public static String as(String role) {
        return "Bearer " + AccessTokens.shared().token(role);
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(DefaultToken.class::isInstance)) {
            RestAssured.filters(new DefaultToken(as("admin")));
        }
    }

    private record DefaultToken(String authorization) implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
            if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
                request.removeHeader(ANONYMOUS);
            } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", authorization);
            }
            return context.next(request, response);
        }
    }
}
