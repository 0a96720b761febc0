package dev.rapport.web;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WithheldMessagesTest {

    @Test
    void keepsTypesAndStackFramesOfEveryCauseButNoMessage() {
        SQLException refused = new SQLException("duplicate key: (email, ada@example.com), Ada Lovelace, 12 Analytical Lane");
        IllegalStateException failure = new IllegalStateException("could not store Ada Lovelace", refused);

        Throwable copy = WithheldMessages.of(failure);
        StringWriter printed = new StringWriter();
        copy.printStackTrace(new PrintWriter(printed));
        String logged = printed.toString();

        assertFalse(logged.contains("ada@example.com"), logged);
        assertFalse(logged.contains("Lovelace"), logged);
        assertFalse(logged.contains("Analytical"), logged);
        assertTrue(logged.contains("java.lang.IllegalStateException (message withheld"), logged);
        assertTrue(logged.contains("Caused by: java.sql.SQLException (message withheld"), logged);
        assertArrayEquals(failure.getStackTrace(), copy.getStackTrace());
        assertArrayEquals(refused.getStackTrace(), copy.getCause().getStackTrace());
    }
}
