package io.sluice.local.internal.protocol;

import java.util.Locale;

/** The two body encodings of the AWS JSON 1.1 protocol family; a response always uses the request's. */
public enum WireFormat {
    JSON("application/x-amz-json-1.1"),
    CBOR("application/x-amz-cbor-1.1");

    private final String contentType;

    WireFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * The format a request's {@code Content-Type} names. Clients that send plain {@code application/json} (or no
     * type at all, as some hand-written tools do) are read as JSON; {@code null} for anything else.
     */
    public static WireFormat ofContentType(String header) {
        if (header == null || header.isBlank()) {
            return JSON;
        }
        String type = header.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon);
        }
        type = type.trim();
        if (type.equals(CBOR.contentType) || type.equals("application/cbor")) {
            return CBOR;
        }
        if (type.equals(JSON.contentType) || type.equals("application/x-amz-json-1.0")
                || type.equals("application/json")) {
            return JSON;
        }
        return null;
    }
}
