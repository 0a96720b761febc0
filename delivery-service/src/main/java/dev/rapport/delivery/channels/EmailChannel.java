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
        Mail mail = content.html() != null ? Mail.withHtml(to, subjectOf(content), content.html()).setText(text)
                : Mail.withText(to, subjectOf(content), text);
        mail.addHeader("List-Unsubscribe", "<" + unsubscribe + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .addHeader("X-Rapport-Message-Id", delivery.messageId.toString());
        return mailer.send(mail);
    }

    private static String subjectOf(ChannelContent content) {
        return content.subject() == null ? "" : content.subject();
    }
}
