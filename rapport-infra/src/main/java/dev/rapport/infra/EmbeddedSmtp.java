package dev.rapport.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.List;

/** A real SMTP server (GreenMail) on a loopback port, which keeps what it accepts for inspection. */
public final class EmbeddedSmtp implements AutoCloseable {

    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(30);

    private final int port;
    private GreenMail greenMail;

    private EmbeddedSmtp(int port) {
        this.port = port;
    }

    /** {@code port} 0 picks a free one. */
    public static EmbeddedSmtp start(int port) {
        EmbeddedSmtp smtp = new EmbeddedSmtp(FreePorts.pick(port));
        smtp.startServer();
        return smtp;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return greenMail != null;
    }

    public synchronized void startServer() {
        if (greenMail != null) {
            return;
        }
        // A loaded machine (the whole suite and its tests share two cores) can take longer than GreenMail's
        // default two seconds to start, and a port just released may not bind at once: retry within a deadline.
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        while (true) {
            ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            setup.setServerStartupTimeout(STARTUP_DEADLINE.toMillis());
            GreenMail server = new GreenMail(setup);
            try {
                server.start();
                greenMail = server;
                return;
            } catch (RuntimeException failed) {
                server.stop();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the SMTP server cannot start on port " + port, failed);
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the SMTP server", e);
        }
    }

    public synchronized void stopServer() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Every message accepted since the server (re)started or was purged. */
    public synchronized List<MimeMessage> receivedMessages() {
        return greenMail == null ? List.of() : List.of(greenMail.getReceivedMessages());
    }

    /** The messages accepted for the address (first recipient). */
    public List<MimeMessage> receivedBy(String address) {
        return receivedMessages().stream().filter(message -> {
            try {
                return message.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** The HTML (or only) body of a message, however it is nested in multiparts. */
    public static String bodyOf(MimeMessage mail) {
        try {
            return text(mail.getContent());
        } catch (Exception e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    private static String text(Object content) throws Exception {
        if (content instanceof jakarta.mail.internet.MimeMultipart multipart) {
            // alternatives put the richest last: the HTML part
            return text(multipart.getBodyPart(multipart.getCount() - 1).getContent());
        }
        return String.valueOf(content);
    }

    /** GreenMail keeps every mail in memory: long runs purge it. */
    public synchronized void purge() {
        if (greenMail != null) {
            try {
                greenMail.purgeEmailFromAllMailboxes();
            } catch (Exception e) {
                throw new IllegalStateException("cannot purge the SMTP server", e);
            }
        }
    }

    @Override
    public void close() {
        stopServer();
    }
}
