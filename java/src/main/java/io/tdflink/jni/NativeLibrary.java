package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads {@code libtdflink_native} once per classloader.
 *
 * <p>The library travels in the jar at {@code /native/<os>-<arch>/}. It is copied to a
 * uniquely named temp file, loaded and the file deleted (the mapping stays). A unique file
 * per load matters: Flink gives every job its own classloader, and the JVM refuses to load
 * one file into two classloaders. {@code -Dtdflink.native.path=/abs/libtdflink_native.so}
 * loads a given file instead (development). A failed load is remembered and reported, with
 * its cause, by every later {@link #ensureLoaded()}.
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
            throw new IllegalStateException("tdflink native library is not available: " + LOAD_FAILURE.getMessage(), LOAD_FAILURE);
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
            try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new UnsatisfiedLinkError("resource " + resource + " is missing from the tdflink jar");
                }
                // Absolute: System.load refuses a relative path, which a relative java.io.tmpdir gives.
                Path file = Files.createTempFile("tdflink_native-", "-" + LIBRARY_FILE).toAbsolutePath();
                try {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    System.load(file.toString());
                } finally {
                    Files.deleteIfExists(file); // the loaded mapping survives the unlink
                }
            }
            LOG.debug("Loaded tdflink native library for {} in {}", platform, NativeLibrary.class.getClassLoader());
            return null;
        } catch (Throwable t) {
            LOG.error("Cannot load the tdflink native library", t);
            return t;
        }
    }
}
