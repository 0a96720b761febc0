package dev.rapport.contracts;

import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a valid identity of each type looks like, and its one normal form: e-mail addresses are
 * lower-cased, phone numbers are E.164 without spaces or dashes.
 */
public final class IdentityRules {

    /** No spaces, control, format (zero-width, bidi override), private-use or unassigned characters: two addresses that look alike are alike. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{C}\\p{Z}]{1,64}@[^@\\s.\\p{C}\\p{Z}]+(\\.[^@\\s.\\p{C}\\p{Z}]+)+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9._:@/+=-]{1,256}$");

    private IdentityRules() {
    }

    /** The identity in normal form. */
    public static Identity normalize(Identity identity) {
        String value = identity.value().trim();
        return switch (identity.type()) {
            case EMAIL -> new Identity(IdentityType.EMAIL, value.toLowerCase(Locale.ROOT));
            case PHONE -> new Identity(IdentityType.PHONE, value.replaceAll("[\\s().-]", ""));
            default -> new Identity(identity.type(), value);
        };
    }

    /** Why the (normalized) identity is not valid, if it is not. */
    public static Optional<String> problem(Identity identity) {
        String value = identity.value();
        return switch (identity.type()) {
            case EMAIL -> EMAIL.matcher(value).matches() && value.length() <= 254
                    ? Optional.empty() : Optional.of("not a valid e-mail address");
            case PHONE -> E164.matcher(value).matches()
                    ? Optional.empty() : Optional.of("not a valid phone number in international format, e.g. +4930123456");
            default -> TOKEN.matcher(value).matches()
                    ? Optional.empty() : Optional.of("must be 1 to 256 letters, digits or ._:@/+=-");
        };
    }
}
