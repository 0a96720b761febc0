package dev.rapport.delivery.channels;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** Signed tokens for tracking and unsubscribe links: {@code payload.signature}, HMAC-SHA256 with the configured secret. */
@ApplicationScoped
public class TrackingTokens {

    private final byte[] secret;

    public TrackingTokens(DeliveryConfig config) {
        this.secret = config.tokenSecret().getBytes(StandardCharsets.UTF_8);
    }

    public String sign(String payload) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + mac(encoded);
    }

    /** The payload of a token this service signed; empty for anything tampered with. */
    public Optional<String> verify(String token) {
        int dot = token == null ? -1 : token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        if (!MessageDigest.isEqual(mac(encoded).getBytes(StandardCharsets.UTF_8), token.substring(dot + 1).getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
