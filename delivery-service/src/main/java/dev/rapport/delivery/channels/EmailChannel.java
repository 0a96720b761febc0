package dev.rapport.delivery.channels;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.delivery.policy.CustomerFacts;
import dev.rapport.delivery.requests.Delivery;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * E-mail over SMTP with HTML and text parts and one-click unsubscribe (RFC 8058): a
 * List-Unsubscribe URL with a signed token and List-Unsubscribe-Post.
 */
@ApplicationScoped
public class EmailChannel implements ChannelAdapter {

    private final ReactiveMailer mailer;
    private final TrackingTokens tokens;
    private final DeliveryConfig config;

    public EmailChannel(ReactiveMailer mailer, TrackingTokens tokens, DeliveryConfig config) {
        this.mailer = mailer;
        this.tokens = tokens;
        this.config = config;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Uni<Void> send(Delivery delivery, ChannelContent content, CustomerFacts customer) {
        String to = customer.contactPoints().stream().filter(p -> p.channel() == Channel.EMAIL && p.valid())
                .map(ContactPoint::address).findFirst()
                .orElseThrow(() -> new PermanentChannelFailure("no valid e-mail address"));
        String unsubscribe = config.publicUrl() + "/u/" + tokens.sign("u:" + delivery.messageId);
        String text = content.text() == null ? "" : content.text();
        String html = content.html() == null ? null : tracked(content.html(), delivery);
        Mail mail = html != null ? Mail.withHtml(to, subjectOf(content), html).setText(text)
                : Mail.withText(to, subjectOf(content), text);
        mail.addHeader("List-Unsubscribe", "<" + unsubscribe + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .addHeader("X-Rapport-Message-Id", delivery.messageId.toString());
        return mailer.send(mail);
    }

    /** Links go through the signed click redirect; an open pixel closes the body. */
    private String tracked(String html, Delivery delivery) {
        java.util.regex.Matcher links = LINK.matcher(html);
        StringBuilder out = new StringBuilder();
        while (links.find()) {
            String target = links.group(1);
            String replacement = target.startsWith("http://") || target.startsWith("https://")
                    ? "href=\"" + config.publicUrl() + "/t/c/" + tokens.sign("c:" + delivery.messageId + "|" + target) + "\""
                    : links.group(0);
            links.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        links.appendTail(out);
        return out + "<img src=\"" + config.publicUrl() + "/t/o/" + tokens.sign("o:" + delivery.messageId)
                + "\" width=\"1\" height=\"1\" alt=\"\">";
    }

    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("href=\"([^\"]+)\"");

    private static String subjectOf(ChannelContent content) {
        return content.subject() == null ? "" : content.subject();
    }
}
