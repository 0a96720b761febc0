package dev.rapport.infra;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddedSmtpTest {

    @Test
    void acceptsMailOverSmtpAndKeepsItForInspection() throws Exception {
        try (EmbeddedSmtp smtp = EmbeddedSmtp.start(0)) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(smtp.port()));
            MimeMessage mail = new MimeMessage(Session.getInstance(props));
            mail.setFrom(new InternetAddress("hello@rapport.dev"));
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress("joe.smith@example.com"));
            mail.setSubject("Thank you for your order");
            mail.setText("We hope you enjoy it.");

            Transport.send(mail);

            List<MimeMessage> received = smtp.receivedMessages();
            assertEquals(1, received.size());
            assertEquals("Thank you for your order", received.get(0).getSubject());
            assertEquals("joe.smith@example.com", received.get(0).getAllRecipients()[0].toString());

            smtp.purge();
            assertEquals(0, smtp.receivedMessages().size());
        }
    }
}
