package dev.rapport.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from the zonky binaries jar, run as a child process on a loopback port.
 *
 * <p>PostgreSQL refuses to run as root, so as root it runs as uid 65534 through {@code setpriv}.
 * A watchdog shell, whose stdin is a pipe this JVM holds open, stops the server and deletes its
 * data when that pipe closes: when this JVM ends, however it ends, no server is left behind.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final int UNPRIVILEGED_ID = 65534;
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path binaries;
    private final Path dataDir;
    private final int port;
    private final List<String> runAs;
    private Process watchdog;
    private OutputStream watchdogLifeline;
    private boolean running;

    private EmbeddedPostgres(Path binaries, Path dataDir, int port) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.runAs = isRoot()
                ? List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups", "--")
                : List.of();
    }

    /** Creates a fresh cluster and starts it; {@code port} 0 picks a free one. */
    public static EmbeddedPostgres start(int port) {
        Path binaries = PostgresBinaries.unpacked();
        try {
            Path dataDir = Files.createTempDirectory("rapport-postgres-data-");
            EmbeddedPostgres postgres = new EmbeddedPostgres(binaries, dataDir, FreePorts.pick(port));
            postgres.initCluster();
            postgres.startWatchdog();
            postgres.startServer();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL data directory", e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The URL form the Quarkus reactive PostgreSQL client takes. */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return SUPERUSER;
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently by another caller
                throw new IllegalStateException("cannot create database " + name, e);
            }
        }
    }

    /** Starts a stopped server again on the same port and data (fault tests). */
    public synchronized void startServer() {
        if (running) {
            return;
        }
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(),
                "-l", dataDir.resolve("postgres.log").toString(), "-w", "-t", "60", "start"));
        running = true;
    }

    /** Stops the server (fast shutdown) but keeps its data, so it can be started again. */
    public synchronized void stopServer() {
        if (!running) {
            return;
        }
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
        running = false;
    }

    /** Stops the server and deletes its data. */
    @Override
    public synchronized void close() {
        stopServer();
        if (watchdogLifeline != null) {
            try {
                watchdogLifeline.close(); // the watchdog deletes the data directory as the server's user
                watchdog.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            watchdogLifeline = null;
        }
        PostgresBinaries.deleteTree(dataDir);
    }

    private void initCluster() throws IOException {
        if (isRoot()) {
            Files.setAttribute(dataDir, "unix:uid", UNPRIVILEGED_ID);
            Files.setAttribute(dataDir, "unix:gid", UNPRIVILEGED_ID);
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        run(List.of(binaries.resolve("bin/initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        // Throwaway clusters: durability settings off, loopback only, no Unix socket to clash on.
        String settings = String.join("\n",
                "",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 300",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "max_wal_size = 1GB",
                "");
        Files.writeString(dataDir.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private void startWatchdog() throws IOException {
        String pgCtl = binaries.resolve("bin/pg_ctl").toString();
        String asServerUser = String.join(" ", runAs);
        // Signals are ignored so that a Ctrl-C reaching the whole process group cannot kill the
        // watchdog before the JVM's own shutdown; only the end of its stdin sets it off.
        String script = "trap '' INT TERM HUP QUIT; cat >/dev/null; "
                + asServerUser + " " + pgCtl + " -D '" + dataDir + "' -m immediate stop >/dev/null 2>&1; "
                + asServerUser + " rm -rf '" + dataDir + "'";
        watchdog = new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        watchdogLifeline = watchdog.getOutputStream();
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        try {
            Path output = Files.createTempFile("rapport-postgres-cmd-", ".log");
            try {
                // output goes to a file: pg_ctl's daemon would hold a pipe open forever
                Process process = new ProcessBuilder(full)
                        .directory(dataDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", command));
                }
                if (process.exitValue() != 0) {
                    String log = Files.exists(dataDir.resolve("postgres.log"))
                            ? Files.readString(dataDir.resolve("postgres.log")) : "";
                    throw new IllegalStateException("failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                            + "\n" + Files.readString(output) + log);
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
