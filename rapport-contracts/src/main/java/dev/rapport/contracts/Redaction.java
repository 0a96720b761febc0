package dev.rapport.contracts;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps personal data out of log lines. Rapport's own log statements name customers, messages and
 * events by id only; but the text of a failure is written by a driver or a server and may quote
 * what it was given: an SMTP server repeats the recipient's address, a mail client the address it
 * could not parse, a database the value it refused. Such text is logged only through
 * {@link #describe(Throwable)}, which masks e-mail addresses and phone numbers.
 *
 * <p>Names and postal addresses cannot be recognised in free text, so they must never reach a
 * message in the first place: no Rapport code puts them into an exception or a log line.
 */
public final class Redaction {

    /** Any token with an {@code @} inside, e.g. {@code joe@example.com} or {@code odd,name@example.com}. */
    private static final Pattern EMAIL = Pattern.compile("[^\\s<>\\[\\](){}\"'`]+@[^\\s<>\\[\\](){}\"'`]+");
    /** International numbers, as stored (E.164) or written ({@code +49 30 123-456}). */
    private static final Pattern INTERNATIONAL_PHONE = Pattern.compile("\\+\\d[\\d ()./-]{5,20}\\d");
    /** A bare run of 9 to 15 digits (a national number), not part of an id or a longer word. */
    private static final Pattern DIGITS = Pattern.compile("(?<![\\w-])\\d{9,15}(?![\\w-])");
    private static final int MAX_CAUSES = 5;

    private Redaction() {
    }

    /** The text with every e-mail address and phone number replaced by a placeholder; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll("<e-mail>");
        masked = INTERNATIONAL_PHONE.matcher(masked).replaceAll("<phone>");
        return DIGITS.matcher(masked).replaceAll("<phone>");
    }

    /**
     * A failure for a log line: the type and redacted message of the failure and of its causes,
     * e.g. {@code java.lang.IllegalStateException: x; caused by java.net.ConnectException: refused}.
     */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES && seen.add(current); depth++) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(current.getClass().getName());
            String message = current.getMessage();
            if (message != null && !message.isBlank()) {
                text.append(": ").append(redact(message));
            }
            current = current.getCause();
        }
        return text.toString();
    }
}
