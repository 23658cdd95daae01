package io.sluice.local.internal.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.regex.Pattern;

/** Reads what the backend needs from a SigV4 {@code Authorization} header (verification comes later). */
final class SigV4 {

    private static final String CREDENTIAL = "Credential=";
    /** Region names end up in ARNs and directory names, so only their real shape is taken. */
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}[a-z0-9]");

    private SigV4() {
    }

    /**
     * The region of the credential scope {@code AKID/yyyyMMdd/region/service/aws4_request}, or the fallback when
     * the request is unsigned or signed otherwise.
     */
    static String region(HttpHeaders headers, String fallback) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) {
            return fallback;
        }
        int start = authorization.indexOf(CREDENTIAL);
        if (start < 0) {
            return fallback;
        }
        start += CREDENTIAL.length();
        int end = authorization.indexOf(',', start);
        String[] scope = authorization.substring(start, end < 0 ? authorization.length() : end).trim().split("/");
        if (scope.length != 5 || !REGION.matcher(scope[2]).matches()) {
            return fallback;
        }
        return scope[2];
    }
}
