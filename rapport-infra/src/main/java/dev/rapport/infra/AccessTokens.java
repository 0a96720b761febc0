package dev.rapport.infra;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for the platform's identity provider wherever the project runs the services itself
 * (tests, {@code ./run-local}, the benchmark): an RSA key pair made for this JVM, whose public key
 * the services verify with SmallRye JWT exactly as they would the provider's, and RS256 bearer
 * tokens per role signed with it. The key lives in system properties so that code in every
 * class loader of the JVM (Quarkus tests have several) signs with the same key.
 */
public final class AccessTokens {

    /** The roles the services check, one per kind of caller. */
    public static final List<String> ROLES = List.of("channel-app", "marketer", "agent", "admin", "operator");
    public static final String ISSUER = "https://rapport.local/issuer";

    private static final String PRIVATE_KEY = "rapport.jwt.private-key";
    private static final String PUBLIC_KEY = "rapport.jwt.public-key";
    private static final String PUBLIC_KEY_FILE = "rapport.jwt.public-key-file";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey privateKey;
    private final String publicKey;

    private AccessTokens(PrivateKey privateKey, String publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key pair of this JVM, made on first use. */
    public static synchronized AccessTokens shared() {
        try {
            if (System.getProperty(PRIVATE_KEY) == null) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                System.setProperty(PUBLIC_KEY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                System.setProperty(PRIVATE_KEY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            }
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(PRIVATE_KEY))));
            return new AccessTokens(key, System.getProperty(PUBLIC_KEY));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the token signing key", e);
        }
    }

    /** The verification settings every service gets: where the public key is (a PEM file) and the issuer. */
    public Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey.location", publicKeyFile().toString(), "mp.jwt.verify.issuer", ISSUER);
    }

    /** The public key written once per JVM to a temporary PEM file, as a platform would mount its provider's key. */
    private synchronized Path publicKeyFile() {
        String known = System.getProperty(PUBLIC_KEY_FILE);
        if (known != null) {
            return Path.of(known);
        }
        try {
            Path file = Files.createTempFile("rapport-jwt-", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, publicKeyPem());
            System.setProperty(PUBLIC_KEY_FILE, file.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token verification key", e);
        }
    }

    /** The public key as a PEM document, for a service run by hand against these tokens. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + publicKey.replaceAll("(.{64})", "$1\n") + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token for one role, valid for an hour. */
    public String token(String role) {
        return token(role, Duration.ofHours(1));
    }

    public String token(String role, Duration validity) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", role + "-user");
        claims.put("upn", role + "@rapport.local");
        claims.put("groups", List.of(role));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(validity).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /** Signs any claims: tests use it for expired tokens, foreign issuers and the like. */
    public String sign(Map<String, Object> claims) {
        try {
            String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = URL.encodeToString(SuiteApi.JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
