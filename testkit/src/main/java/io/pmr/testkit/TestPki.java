package io.pmr.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made in a test's temp folder with the openssl and keytool processes: a CA, leaf certificates
 * (SAN 127.0.0.1 and localhost, usable by servers and clients) as PEM and PKCS12, and a PKCS12 trust store of the CA.
 * Every store shares one password, written to {@link #passwordFile()}. Nothing secret is committed.
 */
public final class TestPki {
    private final Path dir;
    private final String password;
    private final Path passwordFile;

    private TestPki(Path dir, String password, Path passwordFile) {
        this.dir = dir;
        this.password = password;
        this.passwordFile = passwordFile;
    }

    public static TestPki create(Path dir, long seed) throws IOException {
        String password = "ks-" + Long.toHexString(new SplittableRandom(seed).nextLong() | 1L << 60);
        Path passwordFile = dir.resolve("store.pw");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        TestPki pki = new TestPki(dir, password, passwordFile);
        pki.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=pmr-test-ca",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        pki.run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass:file", passwordFile.toString());
        return pki;
    }

    /** Issues {@code name}.pem, {@code name}.key and {@code name}.p12 (key, certificate and CA chain). */
    public Path issue(String name) throws IOException {
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n");
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", ext.toString());
        run("openssl", "pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-certfile", "ca.pem",
                "-name", name, "-out", name + ".p12", "-passout", "file:" + passwordFile);
        return dir.resolve(name + ".p12");
    }

    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path certPem(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path keyPem(String name) {
        return dir.resolve(name + ".key");
    }

    public Path passwordFile() {
        return passwordFile;
    }

    /** The stores' password, for tests that must prove it never reaches a log. */
    public String password() {
        return password;
    }

    private void run(String... command) throws IOException {
        Path log = dir.resolve("pki.log");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.format(Locale.ROOT, "%s failed: %s", String.join(" ", command),
                        Files.readString(log)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
