package dev.rapport.profile;

import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.ServiceFoundationChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** profile-service boots against the real embedded PostgreSQL and Kafka and offers what the platform expects. */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class ProfileFoundationTest extends ServiceFoundationChecks {
}
