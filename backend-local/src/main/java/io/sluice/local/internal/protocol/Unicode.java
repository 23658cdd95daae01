package io.sluice.local.internal.protocol;

/**
 * Checks for strings a client can send but no encoder can write back: JSON escapes and lenient CBOR decoding can
 * produce unpaired UTF-16 surrogates, which are not Unicode text. Stateless.
 */
public final class Unicode {

    private static final char REPLACEMENT = '\uFFFD';

    private Unicode() {
    }

    /** Whether every surrogate in {@code text} is half of a proper pair. */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code text} with each unpaired surrogate replaced by U+FFFD, for messages that echo client input. */
    public static String repaired(String text) {
        if (text == null || wellFormed(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }
}
