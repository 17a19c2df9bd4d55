package io.tdflink.jni;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryTest {

    @Test
    void loadsFromTheJarResourceAndReportsItsVersion() {
        NativeLibrary.ensureLoaded();
        assertEquals("0.1.0", NativeRuntime.version());
        assertTrue(NativeDiagnostics.runtimeThreadName().startsWith("tdflink-rt"));
    }

    @Test
    void platformClassifiers() {
        assertEquals("linux-x86_64", NativePlatform.classifier("Linux", "amd64"));
        assertEquals("linux-aarch64", NativePlatform.classifier("Linux", "aarch64"));
        assertEquals("osx-aarch64", NativePlatform.classifier("Mac OS X", "arm64"));
        assertEquals("windows-x86_64", NativePlatform.classifier("Windows 11", "x86_64"));
    }

    @Test
    void unsupportedPlatformGetsAnErrorNamingIt() {
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class,
                () -> NativePlatform.checkSupported("linux-s390x", "Linux", "s390x"));
        assertTrue(e.getMessage().contains("linux-s390x"), e.getMessage());
        assertTrue(e.getMessage().contains("os.arch=s390x"), e.getMessage());
        NativePlatform.checkSupported(NativePlatform.current(), "", "");
    }

    @Test
    void aTestJvmLoadsTheConnectorWithFlinksOwnClassloader() {
        assertFalse(NativeLifecycle.loadedPerJob(), "no release hook when the jar is shared with Flink");
    }
}
