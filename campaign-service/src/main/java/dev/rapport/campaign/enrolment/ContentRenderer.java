package dev.rapport.campaign.enrolment;

import dev.rapport.campaign.campaigns.CampaignSpec;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.ProfileChanged;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders a campaign's content for one customer with the personalisation data templates were
 * checked against at save time. HTML is rendered as HTML, so profile values are escaped in it.
 */
@ApplicationScoped
public class ContentRenderer {

    private static final int CACHED_TEMPLATES = 2_000;
    private static final Variant HTML = Variant.forContentType(Variant.TEXT_HTML);

    private final Engine engine;
    private final Map<String, Template> texts = new ConcurrentHashMap<>();
    private final Map<String, Template> htmls = new ConcurrentHashMap<>();

    public ContentRenderer(Engine engine) {
        this.engine = engine;
    }

    public ChannelContent render(CampaignSpec.Content content, Map<String, Object> data) {
        return new ChannelContent(content.channel(),
                render(texts, content.subject(), null, data),
                render(htmls, content.html(), HTML, data),
                render(texts, content.text(), null, data));
    }

    /** The data templates see: customer, offer and campaign (see {@code TemplateCheck}). */
    public static Map<String, Object> data(ProfileChanged profile, String tier, String lifecycle, String offerId, String campaignName) {
        Map<String, Object> customer = new HashMap<>();
        customer.put("givenName", profile.name() == null ? null : profile.name().givenName());
        customer.put("familyName", profile.name() == null ? null : profile.name().familyName());
        customer.put("title", profile.name() == null ? null : profile.name().title());
        customer.put("city", profile.address() == null ? null : profile.address().city());
        customer.put("tier", tier);
        customer.put("lifecycle", lifecycle);
        Map<String, Object> offer = new HashMap<>();
        offer.put("id", offerId);
        return Map.of("customer", customer, "offer", offer, "campaign", Map.of("name", campaignName));
    }

    private String render(Map<String, Template> cache, String source, Variant variant, Map<String, Object> data) {
        if (source == null) {
            return null;
        }
        if (cache.size() > CACHED_TEMPLATES) {
            cache.clear();
        }
        Template template = cache.computeIfAbsent(source, s -> variant == null ? engine.parse(s) : engine.parse(s, variant));
        var instance = template.instance();
        data.forEach(instance::data);
        return instance.render();
    }
}
