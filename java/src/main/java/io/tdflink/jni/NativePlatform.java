package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.util.Locale;

/** Names the platform a native library is built for, e.g. {@code linux-x86_64}. */
@Internal
public final class NativePlatform {
    /** Platforms whose library the jar carries. */
    public static final String[] SUPPORTED = {"linux-x86_64"};

    private NativePlatform() {}

    /** The classifier of this JVM's platform, whether or not it is supported. */
    public static String current() {
        return classifier(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String classifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String osPart = os.startsWith("linux")
                ? "linux"
                : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
        String arch = osArch.toLowerCase(Locale.ROOT);
        String archPart = arch.equals("amd64") || arch.equals("x86_64")
                ? "x86_64"
                : arch.equals("arm64") || arch.equals("aarch64") ? "aarch64" : arch;
        return osPart + "-" + archPart;
    }

    /** Throws a clear error naming the platform if the jar carries no library for it. */
    static void checkSupported(String classifier, String osName, String osArch) {
        for (String s : SUPPORTED) {
            if (s.equals(classifier)) {
                return;
            }
        }
        throw new UnsupportedOperationException(String.format(
                "tdflink has no native library for platform %s (os.name=%s, os.arch=%s); supported: %s",
                classifier, osName, osArch, String.join(", ", SUPPORTED)));
    }
}
