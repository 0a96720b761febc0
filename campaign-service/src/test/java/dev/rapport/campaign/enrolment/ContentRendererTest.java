package dev.rapport.campaign.enrolment;

import dev.rapport.campaign.campaigns.CampaignSpec;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.ProfileChanged;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.Variant;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContentRendererTest {

    private final ContentRenderer renderer = new ContentRenderer(Engine.builder().addDefaults().strictRendering(true)
            // as Quarkus configures its engine (quarkus.qute.escape-content-types)
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).build());

    @Test
    void escapesProfileValuesInHtmlButNotInText() {
        ChannelContent content = renderer.render(new CampaignSpec.Content(Channel.EMAIL, "Hi {customer.givenName}",
                "<p>Hi {customer.givenName}</p>", "Hi {customer.givenName}"), data("<b>Ann</b>"));
        assertEquals("<p>Hi &lt;b&gt;Ann&lt;/b&gt;</p>", content.html());
        assertEquals("Hi <b>Ann</b>", content.text());
    }

    @Test
    void aMissingValueRendersEmptyOrItsFallback() {
        ChannelContent content = renderer.render(new CampaignSpec.Content(Channel.SMS, null, null,
                "Hi {customer.givenName}|{customer.givenName ?: 'friend'}|{offer.id}"), data(null));
        assertEquals("Hi |friend|", content.text());
    }

    private static java.util.Map<String, Object> data(String givenName) {
        ProfileChanged profile = new ProfileChanged(java.util.UUID.randomUUID(), 1, new PersonName(null, givenName, "Doe"), null, "UTC", null,
                null, null, List.of(), List.of(), List.of(), null, null, Instant.now());
        return ContentRenderer.data(profile, "low", "first-time", null, "Spring");
    }
}
