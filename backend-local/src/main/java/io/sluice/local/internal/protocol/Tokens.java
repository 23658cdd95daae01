package io.sluice.local.internal.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads scalar members from a JSON or CBOR token stream with AWS's strictness (no coercion), for the hand-written
 * readers of hot requests. Errors are {@code SerializationException}s naming the member. Stateless.
 */
public final class Tokens {

    private Tokens() {
    }

    /** A string member, or {@code null} for an explicit null. The parser is on the member's value. */
    public static String string(JsonParser p, String member) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw mismatch(token, member, "a string");
    }

    /** A blob member: a CBOR byte string, or base64 text in JSON; {@code null} for an explicit null. */
    public static byte[] blob(JsonParser p, String member) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            byte[] fast = base64(p);
            if (fast != null) {
                return fast;
            }
        }
        if (token == JsonToken.VALUE_EMBEDDED_OBJECT || token == JsonToken.VALUE_STRING) {
            try {
                return p.getBinaryValue();
            } catch (IOException | IllegalArgumentException e) {
                throw ApiException.serialization("Member '" + member + "' can not be converted to a Blob: "
                        + e.getMessage());
            }
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw mismatch(token, member, "a blob");
    }

    /**
     * Decodes a JSON string of standard base64 straight from the parser's characters, several times faster than
     * Jackson's byte-by-byte builder on the 1 KiB to 1 MiB blobs of put requests; {@code null} when the text is
     * not plain padded base64 (whitespace, a missing pad), which Jackson then decodes or rejects with its own
     * message.
     */
    private static byte[] base64(JsonParser p) throws IOException {
        return Base64Chars.decode(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** Moves past the value the parser is on (a scalar, or a whole structure or list). */
    public static void skip(JsonParser p) throws IOException {
        p.skipChildren();
    }

    /** The error for a value of the wrong kind, worded as AWS words it for structures and lists. */
    public static ApiException mismatch(JsonToken token, String member, String expected) {
        if (token == JsonToken.START_OBJECT) {
            return ApiException.serialization("Start of structure or map found where not expected.");
        }
        if (token == JsonToken.START_ARRAY) {
            return ApiException.serialization("Start of list found where not expected");
        }
        return ApiException.serialization("Member '" + member + "' must be " + expected + ", not " + describe(token));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the body";
        }
        switch (token) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_STRING:
                return "a string";
            case VALUE_EMBEDDED_OBJECT:
                return "a blob";
            default:
                return token.toString();
        }
    }
}
