package io.sluice.local.internal.analytics.sql;

import java.util.regex.Pattern;

/** LIKE and SIMILAR TO patterns as Java regular expressions matching the whole string. Stateless. */
final class Patterns {

    private static final String SIMILAR_META = "|*+?{}()[]";

    private Patterns() {
    }

    static Pattern like(String pattern, Character escape) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** SQL's SIMILAR TO: LIKE's wildcards plus regular-expression alternation, repetition, groups and classes. */
    static Pattern similar(String pattern, Character escape) {
        StringBuilder regex = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                regex.append(c == '\\' ? "\\\\" : String.valueOf(c));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else if (c == '[') {
                inClass = true;
                regex.append(c);
            } else if (c == '{') {
                int close = pattern.indexOf('}', i);
                if (close < 0) {
                    throw new RowException(Functions.INVALID_ARGUMENT, "Invalid SIMILAR TO pattern '" + pattern + "'");
                }
                regex.append(pattern, i, close + 1);
                i = close;
            } else if (SIMILAR_META.indexOf(c) >= 0) {
                regex.append(c);
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new RowException(Functions.INVALID_ARGUMENT, "Invalid SIMILAR TO pattern '" + pattern + "'");
        }
    }
}
