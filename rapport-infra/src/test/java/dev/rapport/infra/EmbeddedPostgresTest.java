package dev.rapport.infra;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgres.start(0);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void runsARealPostgresServerThatStoresRowsInACreatedDatabase() throws SQLException {
        postgres.createDatabase("alpha");
        postgres.createDatabase("alpha"); // idempotent

        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("alpha"), postgres.username(), "");
             Statement sql = connection.createStatement()) {
            try (ResultSet version = sql.executeQuery("SHOW server_version_num")) {
                version.next();
                assertTrue(version.getInt(1) >= 180000, "PostgreSQL 18 expected, got " + version.getInt(1));
            }
            sql.execute("CREATE TABLE greeting (id int PRIMARY KEY, text jsonb NOT NULL)");
            sql.execute("INSERT INTO greeting VALUES (1, '{\"hello\": \"world\"}')");
            try (ResultSet row = sql.executeQuery("SELECT text->>'hello' FROM greeting WHERE id = 1")) {
                row.next();
                assertEquals("world", row.getString(1));
            }
        }
    }

    @Test
    void keepsItsDataAcrossAStopAndStart() throws SQLException {
        postgres.createDatabase("beta");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("beta"), postgres.username(), "");
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE kept (id int)");
            sql.execute("INSERT INTO kept VALUES (7)");
        }

        postgres.stopServer();
        assertFalse(FreePorts.isListening(postgres.port()), "stopped server still listens");
        postgres.startServer();

        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("beta"), postgres.username(), "");
             Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT id FROM kept")) {
            row.next();
            assertEquals(7, row.getInt(1));
        }
    }

    @Test
    void serverStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
        Process holder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                PostgresHolder.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            port = Integer.parseInt(out.readLine().trim());
        }
        assertTrue(FreePorts.isListening(port), "the holder's server should listen on " + port);

        holder.destroyForcibly(); // SIGKILL: no shutdown hook runs
        holder.waitFor(10, TimeUnit.SECONDS);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (FreePorts.isListening(port) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(FreePorts.isListening(port), "PostgreSQL outlived the JVM that started it");
    }

    /** Started in a child JVM: starts a server, prints its port, waits to be killed. */
    public static final class PostgresHolder {
        public static void main(String[] args) throws InterruptedException {
            EmbeddedPostgres server = EmbeddedPostgres.start(0);
            System.out.println(server.port());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
