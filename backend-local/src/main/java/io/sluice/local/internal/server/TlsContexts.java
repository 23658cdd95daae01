package io.sluice.local.internal.server;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Enumeration;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS settings: ALPN offering h2 and http/1.1 (clients that offer nothing, as the SDK's HTTP/2 client,
 * are told apart by their first bytes afterwards), with either a key store the user gives or a certificate made
 * at start-up for {@code localhost} and {@code 127.0.0.1}. Stateless.
 */
public final class TlsContexts {

    /** A server key and the certificate chain clients are shown. */
    public record Identity(PrivateKey key, X509Certificate[] chain) {
    }

    private TlsContexts() {
    }

    /**
     * A new RSA key and a self-signed certificate for the loopback names, valid from a day before {@code clock}'s
     * now for a year. Clients check validity against their own (real) time, so the backend passes the system
     * clock here even when its decisions follow a test clock.
     */
    public static Identity selfSigned(Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=localhost, O=Sluice backend-local");
            Instant now = clock.instant();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new Identity(pair.getPrivate(), new X509Certificate[] {certificate});
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Could not make a self-signed certificate", e);
        }
    }

    /** The first key entry of a PKCS#12 or JKS key store. */
    public static Identity fromKeyStore(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(in, password);
            } catch (IOException wrongType) {
                store = KeyStore.getInstance("JKS");
                try (InputStream again = Files.newInputStream(file)) {
                    store.load(again, password);
                }
            }
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String alias = aliases.nextElement();
                if (store.isKeyEntry(alias)) {
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).init(store, password);
                    java.security.cert.Certificate[] chain = store.getCertificateChain(alias);
                    X509Certificate[] certificates = new X509Certificate[chain.length];
                    for (int i = 0; i < chain.length; i++) {
                        certificates[i] = (X509Certificate) chain[i];
                    }
                    return new Identity((PrivateKey) store.getKey(alias, password), certificates);
                }
            }
            throw new IllegalArgumentException("Key store " + file + " holds no private key");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read key store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Could not use key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The server context for an identity, with ALPN for h2 and http/1.1. */
    public static SslContext server(Identity identity) {
        try {
            return SslContextBuilder.forServer(identity.key(), identity.chain())
                    .sslProvider(SslProvider.JDK)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("Could not set up TLS", e);
        }
    }
}
