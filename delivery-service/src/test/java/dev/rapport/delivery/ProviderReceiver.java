package dev.rapport.delivery;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local HTTP receiver standing in for the SMS and push providers: it accepts every POST
 * and answers {@code GET /received} with the bodies it got, one per line.
 */
public class ProviderReceiver implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        List<String> received = new CopyOnWriteArrayList<>();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            byte[] answer;
            if ("POST".equals(exchange.getRequestMethod())) {
                received.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                answer = "{}".getBytes(StandardCharsets.UTF_8);
            } else {
                answer = String.join("\n", received).getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("rapport.delivery.sms-endpoint", base + "/sms", "rapport.delivery.push-endpoint", base + "/push",
                "test.provider-receiver", base + "/received");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
