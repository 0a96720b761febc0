package dev.rapport.contracts;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactionTest {

    @Test
    void masksEmailAddressesAsSmtpServersAndMailClientsQuoteThem() {
        assertEquals("Error in RCPT TO: 550 5.1.1 <<e-mail>>: Recipient address rejected",
                Redaction.redact("Error in RCPT TO: 550 5.1.1 <Ada.Lovelace@example.com>: Recipient address rejected"));
        assertEquals("invalid email address [<e-mail>]", Redaction.redact("invalid email address [odd,ada@example.com]"));
    }

    @Test
    void masksPhoneNumbersInInternationalAndNationalForm() {
        assertEquals("to <phone> refused", Redaction.redact("to +4930123456789 refused"));
        assertEquals("to <phone> refused", Redaction.redact("to +44 20 7946 0123 refused"));
        assertEquals("number <phone>", Redaction.redact("number 030123456789"));
    }

    @Test
    void keepsIdsAddressesOfServersAndTimesThatOperatorsNeed() {
        String id = UUID.randomUUID().toString();
        String text = "message " + id + " to 127.0.0.1:5432 at 2026-11-24T10:15:30Z failed after 3 attempts (23505)";
        assertEquals(text, Redaction.redact(text));
        assertNull(Redaction.redact(null));
    }

    @Test
    void describesAFailureWithItsCausesRedacted() {
        Exception failure = new IllegalStateException("cannot send to ada@example.com",
                new ConnectException("Connection refused: /127.0.0.1:2525"));
        String described = Redaction.describe(failure);
        assertEquals("java.lang.IllegalStateException: cannot send to <e-mail>; "
                + "caused by java.net.ConnectException: Connection refused: /127.0.0.1:2525", described);
        assertFalse(described.contains("ada@"));
        assertTrue(Redaction.describe(new NullPointerException()).startsWith("java.lang.NullPointerException"));
    }
}
