package dev.rapport.infra.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that refuses every recipient the way real servers do, quoting the address:
 * {@code 550 5.1.1 <joe@example.com>: Recipient address rejected: User unknown}. Tests put it on
 * the port of the stopped embedded server to see what a service makes of such an answer.
 */
public final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<Socket> sessions = new CopyOnWriteArrayList<>();

    private RefusingSmtpServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on 127.0.0.1 at the port (that of the stopped embedded SMTP server). */
    public static RefusingSmtpServer start(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        RefusingSmtpServer server = new RefusingSmtpServer(socket);
        Thread acceptor = new Thread(server::accept, "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    /** The recipients refused so far, as given in RCPT TO, e.g. {@code <joe@example.com>}. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                sessions.add(connection);
                Thread session = new Thread(() -> serve(connection), "refusing-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.US_ASCII)) {
            reply(out, "220 refusing.example ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("RCPT TO:")) {
                    String recipient = line.substring("RCPT TO:".length()).trim();
                    refused.add(recipient);
                    reply(out, "550 5.1.1 " + recipient + ": Recipient address rejected: User unknown");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    reply(out, "250 refusing.example");
                } else {
                    reply(out, "250 2.0.0 Ok");
                }
            }
        } catch (IOException gone) {
            // the client hung up
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    /** Stops listening and hangs up on clients that keep their connection open, so the port is free again. */
    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket session : sessions) {
            session.close();
        }
    }
}
