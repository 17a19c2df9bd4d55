package io.tdflink.jni;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.UUID;

/**
 * Loads {@code libtdflink_native} into this classloader, sharing one mapped copy of the library
 * with every other classloader of the JVM that loads the same build.
 *
 * <p>The library travels in the jar at {@code /native/<os>-<arch>/}. Flink gives every job its
 * own classloader, and the JVM refuses to load one file into two classloaders; a copy per job
 * would stay mapped for the TaskManager's life (the library links with {@code -z nodelete},
 * so that no straggling thread can ever run unmapped code), about 2.4 MiB a job. So the
 * library is written once per build to {@code java.io.tmpdir/libtdflink_native-<sha256>.so}
 * and each classloader loads a hard link of it under a name of its own: the JVM sees distinct
 * files, the dynamic linker sees the same file (device and inode) and maps it once. The
 * runtime inside counts the classloaders attached to it ({@link NativeRuntime}).
 *
 * <p>The shared file is reused only if it is a regular file owned by this user, writable by
 * no one else and holding exactly the jar's bytes; otherwise, or where hard links fail, the
 * classloader gets a private copy, deleted once loaded. {@code
 * -Dtdflink.native.path=/abs/libtdflink_native.so} loads a given file instead (development).
 * A failed load is remembered and reported, with its cause, by every later
 * {@link #ensureLoaded()}.
 */
@Internal
public final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
    static final String PATH_PROPERTY = "tdflink.native.path";
    private static final String LIBRARY_FILE = "libtdflink_native.so";

    private static final Throwable LOAD_FAILURE = load();

    private NativeLibrary() {}

    /** Returns once the library is loaded in this classloader, or throws why it cannot be. */
    public static void ensureLoaded() {
        if (LOAD_FAILURE != null) {
            throw new IllegalStateException(
                    "tdflink native library is not available: " + LOAD_FAILURE.getMessage(), LOAD_FAILURE);
        }
    }

    /** Hard-links {@code link} to this build's shared file, writing or checking that file first. */
    private static void linkShared(Path dir, byte[] library, Path link) throws IOException {
        String digest = sha256(library);
        Path shared = dir.resolve("libtdflink_native-" + digest + ".so");
        if (!Files.exists(shared, LinkOption.NOFOLLOW_LINKS)) {
            Path written = Files.createTempFile(dir, "libtdflink_native-", ".tmp"); // owner-only
            try {
                Files.write(written, library);
                // link(2) never replaces: of loaders racing here, the first file stays, so all share it.
                Files.createLink(shared, written);
            } catch (FileAlreadyExistsException e) {
                // written by a concurrent loader
            } finally {
                Files.deleteIfExists(written);
            }
        }
        checkShared(shared, library, digest);
        Files.createLink(link, shared);
    }

    private static void checkShared(Path shared, byte[] library, String digest) throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(shared, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String user = System.getProperty("user.name");
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!attributes.isRegularFile()
                || !attributes.owner().getName().equals(user)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(shared + " is not a private file of " + user);
        }
        if (!sha256(Files.readAllBytes(shared)).equals(digest)) {
            throw new IOException(shared + " does not hold this build of the library");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Throwable load() {
        try {
            String override = System.getProperty(PATH_PROPERTY);
            if (override != null && !override.isEmpty()) {
                System.load(Path.of(override).toAbsolutePath().toString());
                LOG.info("Loaded tdflink native library from {}", override);
                return null;
            }
            String osName = System.getProperty("os.name", "");
            String osArch = System.getProperty("os.arch", "");
            String platform = NativePlatform.classifier(osName, osArch);
            NativePlatform.checkSupported(platform, osName, osArch);
            String resource = "/native/" + platform + "/" + LIBRARY_FILE;
            byte[] library;
            try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new UnsatisfiedLinkError("resource " + resource + " is missing from the tdflink jar");
                }
                library = in.readAllBytes();
            }
            // Absolute: System.load refuses a relative path, which a relative java.io.tmpdir gives.
            Path dir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            Path link = dir.resolve("libtdflink_native-" + UUID.randomUUID() + ".so");
            try {
                linkShared(dir, library, link);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("Loading a private copy of the tdflink native library: {}", e.toString());
                Files.write(link, library);
            }
            try {
                System.load(link.toString());
            } finally {
                Files.deleteIfExists(link); // the loaded mapping survives the unlink
            }
            LOG.debug("Loaded tdflink native library for {} in {}", platform, NativeLibrary.class.getClassLoader());
            return null;
        } catch (Throwable t) {
            LOG.error("Cannot load the tdflink native library", t);
            return t;
        }
    }
}
