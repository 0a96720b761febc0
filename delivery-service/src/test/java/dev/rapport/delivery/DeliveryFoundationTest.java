package dev.rapport.delivery;

import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.ServiceFoundationChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.Set;

/** delivery-service boots against the real embedded PostgreSQL and Kafka and offers what the platform expects. */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
class DeliveryFoundationTest extends ServiceFoundationChecks {

    /** The links in messages: open pixel, click redirect, one-click unsubscribe; they carry signed tokens instead. */
    @Override
    protected Set<String> publicOperations() {
        return Set.of("GET /t/o/{token}", "GET /t/c/{token}", "POST /u/{token}");
    }
}
