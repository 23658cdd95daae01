package io.sluice.local.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on a request, in the header form ({@code Authorization: AWS4-HMAC-SHA256
 * Credential=..., SignedHeaders=..., Signature=...}) and the query-string form ({@code X-Amz-Algorithm},
 * {@code X-Amz-Credential}, ...), against the access keys the backend was given. Errors are AWS's:
 * MissingAuthenticationTokenException, IncompleteSignatureException, UnrecognizedClientException and
 * InvalidSignatureException. Immutable and thread-safe.
 */
final class SigV4Verifier {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /** The parts of a signature, from the header or the query string. */
    private record Signed(String accessKey, String date, String region, String service, List<String> signedHeaders,
            String signature, String amzDate, boolean inQuery) {
    }

    private final Map<String, String> secrets;

    SigV4Verifier(Map<String, String> secretsByAccessKey) {
        this.secrets = Map.copyOf(secretsByAccessKey);
    }

    void verify(FullHttpRequest request, Instant now) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        try {
            uri.parameters();
        } catch (IllegalArgumentException malformed) {
            throw incomplete("The query string is malformed: " + malformed.getMessage());
        }
        Signed signed = parse(request, uri);
        String secret = secrets.get(signed.accessKey());
        if (secret == null) {
            throw new ApiException(ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is "
                    + "invalid.");
        }
        if (!signed.amzDate().startsWith(signed.date())) {
            throw new ApiException(ErrorCode.INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD "
                    + "from ISO-8601 version of date from HTTP: '" + signed.date() + "' != '"
                    + signed.amzDate().substring(0, Math.min(8, signed.amzDate().length())) + "'");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(signed.amzDate()));
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + signed.amzDate() + "'.");
        }
        String expires = signed.inQuery() ? first(uri.parameters(), "X-Amz-Expires") : null;
        if (expires != null) {
            long seconds;
            try {
                seconds = Long.parseLong(expires);
            } catch (NumberFormatException e) {
                throw incomplete("X-Amz-Expires must be a number of seconds, not '" + expires + "'.");
            }
            if (now.isAfter(signedAt.plusSeconds(seconds))) {
                throw new ApiException(ErrorCode.INVALID_SIGNATURE, "Signature expired: the request was signed at "
                        + signed.amzDate() + " for " + seconds + " seconds.");
            }
        } else if (Duration.between(signedAt, now).abs().compareTo(ALLOWED_SKEW) > 0) {
            throw new ApiException(ErrorCode.INVALID_SIGNATURE, "Signature expired: " + signed.amzDate()
                    + " is now earlier than " + AMZ_DATE.format(now.minus(ALLOWED_SKEW)) + " ("
                    + AMZ_DATE.format(now) + " - 15 min.)");
        }
        String canonical = canonicalRequest(request, uri, signed);
        String scope = signed.date() + "/" + signed.region() + "/" + signed.service() + "/aws4_request";
        String toSign = ALGORITHM + "\n" + signed.amzDate() + "\n" + scope + "\n" + HEX.formatHex(sha256(
                canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), signed.date());
        key = hmac(key, signed.region());
        key = hmac(key, signed.service());
        key = hmac(key, "aws4_request");
        String expected = HEX.formatHex(hmac(key, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signed.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(ErrorCode.INVALID_SIGNATURE, "The request signature we calculated does not "
                    + "match the signature you provided. Check your AWS Secret Access Key and signing method. "
                    + "Consult the service documentation for details.");
        }
    }

    private static Signed parse(FullHttpRequest request, QueryStringDecoder uri) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        Map<String, List<String>> query = uri.parameters();
        if (authorization == null && !query.containsKey("X-Amz-Algorithm")) {
            throw new ApiException(ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        if (authorization != null) {
            if (!authorization.startsWith(ALGORITHM + " ")) {
                throw incomplete("Authorization header requires the " + ALGORITHM + " algorithm.");
            }
            Map<String, String> parts = new TreeMap<>();
            for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
            for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
                if (!parts.containsKey(required)) {
                    throw incomplete("Authorization header requires '" + required + "' parameter. Authorization="
                            + authorization);
                }
            }
            String amzDate = request.headers().get("X-Amz-Date");
            if (amzDate == null) {
                throw incomplete("Authorization header requires existence of a 'X-Amz-Date' header.");
            }
            return signed(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"), amzDate,
                    false);
        }
        if (!ALGORITHM.equals(first(query, "X-Amz-Algorithm"))) {
            throw incomplete("X-Amz-Algorithm must be " + ALGORITHM + ".");
        }
        for (String required : List.of("X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature",
                "X-Amz-Date")) {
            if (first(query, required) == null) {
                throw incomplete("AWS query-string parameters must include '" + required + "'.");
            }
        }
        return signed(first(query, "X-Amz-Credential"), first(query, "X-Amz-SignedHeaders"),
                first(query, "X-Amz-Signature"), first(query, "X-Amz-Date"), true);
    }

    private static Signed signed(String credential, String signedHeaders, String signature, String amzDate,
            boolean inQuery) {
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw incomplete("Credential should be scoped to a valid region, not '" + credential + "'.");
        }
        return new Signed(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")), signature,
                amzDate, inQuery);
    }

    private static String canonicalRequest(FullHttpRequest request, QueryStringDecoder uri, Signed signed) {
        StringBuilder out = new StringBuilder();
        out.append(request.method().name()).append('\n');
        String path = uri.rawPath().isEmpty() ? "/" : uri.rawPath();
        // Services other than S3 sign the path encoded twice: once by the client, once more for the signature.
        out.append(encode(path, false)).append('\n');
        TreeMap<String, List<String>> params = new TreeMap<>();
        uri.parameters().forEach((name, values) -> {
            if (!(signed.inQuery() && name.equals("X-Amz-Signature"))) {
                List<String> encoded = new ArrayList<>();
                values.forEach(value -> encoded.add(encode(value, true)));
                encoded.sort(null);
                params.put(encode(name, true), encoded);
            }
        });
        StringBuilder query = new StringBuilder();
        params.forEach((name, values) -> values.forEach(value -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(name).append('=').append(value);
        }));
        out.append(query).append('\n');
        for (String name : signed.signedHeaders()) {
            List<String> values = request.headers().getAll(name);
            List<String> trimmed = new ArrayList<>(values.size());
            for (String value : values) {
                trimmed.add(value.trim().replaceAll(" +", " "));
            }
            out.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        out.append('\n').append(String.join(";", signed.signedHeaders())).append('\n');
        out.append(payloadHash(request, signed));
        return out.toString();
    }

    /**
     * The hash of the body that went into the signature: the body's own, always computed. A client may name it in
     * {@code X-Amz-Content-Sha256}; a value there must be that hash, or {@code UNSIGNED-PAYLOAD} if the header is
     * itself signed, so a captured signature cannot carry another body.
     */
    private static String payloadHash(FullHttpRequest request, Signed signed) {
        String actual = HEX.formatHex(sha256(request.content()));
        String declared = request.headers().get("X-Amz-Content-Sha256");
        if (declared == null || declared.equals(actual)) {
            return actual;
        }
        if (declared.equals("UNSIGNED-PAYLOAD") && signed.signedHeaders().contains("x-amz-content-sha256")) {
            return declared;
        }
        throw new ApiException(ErrorCode.INVALID_SIGNATURE, "The provided 'x-amz-content-sha256' header does not "
                + "match what was computed.");
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters as they are, the rest %XX (uppercase). */
    private static String encode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ApiException incomplete(String message) {
        return new ApiException(ErrorCode.INCOMPLETE_SIGNATURE, message);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(ByteBuf content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(content.nioBuffer());
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
