package io.sluice.local.internal.protocol;

import java.util.Arrays;

/**
 * Decodes standard, padded base64 (RFC 4648 section 4) from characters in place, without first copying them into
 * a String or a byte array. Stateless.
 */
final class Base64Chars {

    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Chars() {
    }

    /** The decoded bytes, or {@code null} when the characters are not plain padded base64. */
    static byte[] decode(char[] chars, int offset, int length) {
        if (length % 4 != 0) {
            return null;
        }
        if (length == 0) {
            return new byte[0];
        }
        int end = offset + length;
        int pad = chars[end - 1] == '=' ? (chars[end - 2] == '=' ? 2 : 1) : 0;
        byte[] out = new byte[length / 4 * 3 - pad];
        int o = 0;
        int full = end - (pad == 0 ? 0 : 4);
        for (int i = offset; i < full; i += 4) {
            int bits = value(chars[i]) << 18 | value(chars[i + 1]) << 12 | value(chars[i + 2]) << 6
                    | value(chars[i + 3]);
            if (bits < 0) {
                return null;
            }
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
        }
        if (pad > 0) {
            int i = end - 4;
            int first = value(chars[i]);
            int second = value(chars[i + 1]);
            int third = pad == 1 ? value(chars[i + 2]) : 0;
            if ((first | second | third) < 0 || (pad == 2 && chars[i + 2] != '=')) {
                return null;
            }
            int bits = first << 18 | second << 12 | third << 6;
            out[o++] = (byte) (bits >> 16);
            if (pad == 1) {
                out[o] = (byte) (bits >> 8);
            }
        }
        return out;
    }

    /** The 6-bit value of a base64 character; a negative number (spreading to the whole word) otherwise. */
    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }
}
