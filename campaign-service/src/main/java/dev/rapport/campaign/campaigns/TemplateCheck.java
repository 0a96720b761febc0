package dev.rapport.campaign.campaigns;

import dev.rapport.web.FieldError;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks campaign content at save time: every template must parse and may only refer to the
 * personalisation data campaigns have, so a message can never go out with a hole in it.
 */
@ApplicationScoped
public class TemplateCheck {

    /** What templates may refer to. */
    static final Map<String, Set<String>> DATA = Map.of(
            "customer", Set.of("givenName", "familyName", "title", "city", "tier", "lifecycle"),
            "offer", Set.of("id"),
            "campaign", Set.of("name"));

    private final Engine engine;

    public TemplateCheck(Engine engine) {
        this.engine = engine;
    }

    public List<FieldError> check(List<CampaignSpec.Content> content) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            CampaignSpec.Content item = content.get(i);
            check(item.subject(), "content[" + i + "].subject", errors);
            check(item.html(), "content[" + i + "].html", errors);
            check(item.text(), "content[" + i + "].text", errors);
        }
        return errors;
    }

    private void check(String source, String field, List<FieldError> errors) {
        if (source == null) {
            return;
        }
        Template template;
        try {
            template = engine.parse(source);
        } catch (TemplateException e) {
            errors.add(new FieldError(field, "not a valid template: " + e.getMessage().lines().findFirst().orElse("")));
            return;
        }
        for (Expression expression : template.getExpressions()) {
            List<Expression.Part> parts = expression.getParts();
            if (parts.isEmpty() || expression.isLiteral()) {
                continue;
            }
            String root = parts.get(0).getName();
            String property = parts.size() > 1 ? parts.get(1).getName() : null;
            Set<String> known = DATA.get(root);
            if (known == null || property == null || !known.contains(property)) {
                errors.add(new FieldError(field, "refers to " + expression.toOriginalString().replaceAll("[{}]", "")
                        + ", which campaigns do not know; known: customer.givenName, customer.familyName, customer.title, "
                        + "customer.city, customer.tier, customer.lifecycle, offer.id, campaign.name"));
            }
        }
    }
}
