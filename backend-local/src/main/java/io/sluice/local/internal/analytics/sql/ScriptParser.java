package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The front pass over application code: splits it into statements, reads {@code CREATE OR REPLACE STREAM}
 * itself, and hands each {@code CREATE OR REPLACE PUMP}'s INSERT to Calcite's parser after rewriting the two
 * constructs Calcite does not know: {@code STEP(x BY size)} becomes {@code STEP(x, size)}, and
 * {@code WINDOWED BY STAGGER(PARTITION BY k.. RANGE i)} becomes {@code GROUP BY "$STAGGER"(i), k..}. Identifiers
 * follow the dialect: unquoted names are upper-cased, quoted names keep their case. Stateless.
 */
public final class ScriptParser {

    /** The marker function a stagger window becomes in GROUP BY. */
    static final String STAGGER = "$STAGGER";

    private static final SqlParser.Config CONFIG = SqlParser.config().withLex(Lex.ORACLE)
            .withConformance(SqlConformanceEnum.LENIENT).withIdentifierMaxLength(128);
    private static final Pattern CREATE_STREAM = Pattern.compile(
            "^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?STREAM\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_PUMP = Pattern.compile(
            "^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?PUMP\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern PUMP_REST = Pattern.compile(
            "^\\s*(?:(?:STOPPED|STARTED)\\s+)?(?:DESCRIPTION\\s+'x*'\\s+)?AS\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern STEP = Pattern.compile("\\bSTEP\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern WINDOWED = Pattern.compile("\\bWINDOWED\\s+BY\\s+STAGGER\\s*\\(",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PARTITION_BY = Pattern.compile("^\\s*PARTITION\\s+BY\\s+",
            Pattern.CASE_INSENSITIVE);

    private ScriptParser() {
    }

    /** A statement of the application code. */
    public sealed interface Statement permits CreateStream, CreatePump {
    }

    /** {@code CREATE OR REPLACE STREAM name (columns)}. */
    public record CreateStream(String name, List<Column> columns, int line) implements Statement {
    }

    /** {@code CREATE OR REPLACE PUMP name AS INSERT INTO ...}. */
    public record CreatePump(String name, SqlInsert insert, int line) implements Statement {
    }

    /** @throws SqlCompileException for code that is not a list of these statements */
    public static List<Statement> parse(String code) {
        List<Statement> statements = new ArrayList<>();
        for (Text statement : split(code)) {
            if (statement.masked.isBlank()) {
                continue;
            }
            Matcher stream = CREATE_STREAM.matcher(statement.masked);
            Matcher pump = CREATE_PUMP.matcher(statement.masked);
            if (stream.find()) {
                statements.add(stream(statement, stream.end()));
            } else if (pump.find()) {
                statements.add(pump(statement, pump.end()));
            } else {
                String first = statement.original.strip().split("\\s+", 3)[0];
                throw new SqlCompileException("Unsupported statement starting with '" + first + "' at line "
                        + statement.line + ": application code is made of CREATE OR REPLACE STREAM and "
                        + "CREATE OR REPLACE PUMP statements");
            }
        }
        return statements;
    }

    private static CreateStream stream(Text s, int at) {
        int[] name = identifier(s, at);
        String streamName = name(s.original.substring(name[0], name[1]));
        int open = skipSpaces(s.masked, name[1]);
        if (open >= s.masked.length() || s.masked.charAt(open) != '(') {
            throw new SqlCompileException("CREATE STREAM " + streamName + " needs a column list (line " + s.line
                    + ")");
        }
        int close = matching(s.masked, open);
        if (close < 0) {
            throw new SqlCompileException("Unbalanced parentheses in CREATE STREAM " + streamName + " (line " + s.line
                    + ")");
        }
        List<Column> columns = new ArrayList<>();
        for (int[] part : topLevelSplit(s.masked, open + 1, close, ',')) {
            String def = s.original.substring(part[0], part[1]).strip();
            String maskedDef = s.masked.substring(part[0], part[1]).strip();
            if (def.isEmpty()) {
                throw new SqlCompileException("Empty column in CREATE STREAM " + streamName);
            }
            int[] col = identifier(new Text(def, maskedDef, s.line), 0);
            String colName = name(def.substring(col[0], col[1]));
            String type = def.substring(col[1]).replaceAll("(?i)\\s+NOT\\s+NULL\\s*$", "").strip();
            try {
                columns.add(new Column(colName, SqlType.parse(type)));
            } catch (IllegalArgumentException e) {
                throw new SqlCompileException("Unsupported type '" + type + "' for column " + colName
                        + " of stream " + streamName + " (line " + s.line + ")");
            }
            if (Relation.ROWTIME.equals(colName)) {
                throw new SqlCompileException("ROWTIME is a system column; do not declare it in " + streamName);
            }
        }
        if (columns.isEmpty()) {
            throw new SqlCompileException("CREATE STREAM " + streamName + " has no columns");
        }
        return new CreateStream(streamName, columns, s.line);
    }

    private static CreatePump pump(Text s, int at) {
        int[] name = identifier(s, at);
        String pumpName = name(s.original.substring(name[0], name[1]));
        Matcher rest = PUMP_REST.matcher(s.masked.substring(name[1]));
        if (!rest.find()) {
            throw new SqlCompileException("CREATE PUMP " + pumpName + " must be followed by AS INSERT INTO ... "
                    + "(line " + s.line + ")");
        }
        int start = name[1] + rest.end();
        StringBuilder sql = new StringBuilder(s.original);
        StringBuilder masked = new StringBuilder(s.masked);
        blank(sql, masked, 0, start);
        rewriteSteps(sql, masked);
        rewriteStagger(sql, masked);
        SqlNode node;
        try {
            node = SqlParser.create("\n".repeat(s.line - 1) + sql, CONFIG).parseStmt();
        } catch (SqlParseException e) {
            throw new SqlCompileException("Syntax error in pump " + pumpName + ": " + firstLine(e.getMessage()));
        }
        if (!(node instanceof SqlInsert insert)) {
            throw new SqlCompileException("Pump " + pumpName + " must be INSERT INTO <stream> SELECT STREAM ... (line "
                    + s.line + ")");
        }
        return new CreatePump(pumpName, insert, s.line);
    }

    private static String firstLine(String message) {
        String line = message.split("\n")[0].strip();
        return line.endsWith(".") ? line : line;
    }

    /** {@code STEP(x BY n)} to {@code STEP(x, n)}, keeping every position. */
    private static void rewriteSteps(StringBuilder sql, StringBuilder masked) {
        Matcher m = STEP.matcher(masked);
        int from = 0;
        while (m.find(from)) {
            int open = m.end() - 1;
            int close = matching(masked, open);
            if (close < 0) {
                return;
            }
            int by = topLevelWord(masked, open + 1, close, "BY");
            if (by >= 0) {
                sql.replace(by, by + 2, ", ");
                masked.replace(by, by + 2, ", ");
            }
            from = open + 1;
        }
    }

    private static void rewriteStagger(StringBuilder sql, StringBuilder masked) {
        Matcher m = WINDOWED.matcher(masked);
        if (!m.find()) {
            return;
        }
        int open = m.end() - 1;
        int close = matching(masked, open);
        if (close < 0) {
            throw new SqlCompileException("Unbalanced parentheses in WINDOWED BY STAGGER");
        }
        String inner = masked.substring(open + 1, close);
        Matcher partition = PARTITION_BY.matcher(inner);
        int range = topLevelWord(masked, open + 1, close, "RANGE");
        if (!partition.find() || range < 0) {
            throw new SqlCompileException("WINDOWED BY STAGGER needs (PARTITION BY ... RANGE INTERVAL ...)");
        }
        String keys = sql.substring(open + 1 + partition.end(), range);
        String interval = sql.substring(range + "RANGE".length(), close);
        String replacement = "GROUP BY \"" + STAGGER + "\"(" + interval + "), " + keys;
        sql.replace(m.start(), close + 1, replacement);
        masked.replace(m.start(), close + 1, replacement);
        if (WINDOWED.matcher(masked).find(m.start() + replacement.length())) {
            throw new SqlCompileException("A query can have one WINDOWED BY STAGGER clause");
        }
    }

    // ---- scanning -------------------------------------------------------------------------------------------

    /** A statement: its text, the same with quoted contents and comments masked, and its first line. */
    private record Text(String original, String masked, int line) {
    }

    /** Splits code at semicolons outside strings, quoted names and comments; comments become spaces. */
    private static List<Text> split(String code) {
        List<Text> out = new ArrayList<>();
        StringBuilder original = new StringBuilder();
        StringBuilder masked = new StringBuilder();
        int line = 1;
        int startLine = 1;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '-' && i + 1 < n && code.charAt(i + 1) == '-') {
                while (i < n && code.charAt(i) != '\n') {
                    original.append(' ');
                    masked.append(' ');
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    char k = code.charAt(i) == '\n' ? '\n' : ' ';
                    if (k == '\n') {
                        line++;
                    }
                    original.append(k);
                    masked.append(k);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (code.charAt(end) == c) {
                        if (end + 1 < n && code.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                if (end >= n) {
                    throw new SqlCompileException("Unterminated " + (c == '\'' ? "string" : "quoted name")
                            + " starting at line " + line);
                }
                original.append(code, i, end + 1);
                masked.append(c);
                for (int k = i + 1; k < end; k++) {
                    char ch = code.charAt(k);
                    masked.append(ch == '\n' ? '\n' : 'x');
                    if (ch == '\n') {
                        line++;
                    }
                }
                masked.append(c);
                i = end + 1;
                continue;
            }
            if (c == ';') {
                out.add(new Text(original.toString(), masked.toString(), startLine));
                original.setLength(0);
                masked.setLength(0);
                i++;
                startLine = line;
                continue;
            }
            if (c == '\n') {
                line++;
                if (masked.toString().isBlank()) {
                    startLine = line;
                    original.setLength(0);
                    masked.setLength(0);
                    i++;
                    continue;
                }
            }
            original.append(c);
            masked.append(c);
            i++;
        }
        out.add(new Text(original.toString(), masked.toString(), startLine));
        return out;
    }

    /** The span of the identifier (quoted or not) at or after {@code at}. */
    private static int[] identifier(Text s, int at) {
        int start = skipSpaces(s.masked, at);
        if (start >= s.masked.length()) {
            throw new SqlCompileException("Expected a name at line " + s.line);
        }
        if (s.masked.charAt(start) == '"') {
            int end = s.masked.indexOf('"', start + 1);
            return new int[] {start, end + 1};
        }
        int end = start;
        while (end < s.masked.length() && (Character.isLetterOrDigit(s.masked.charAt(end))
                || s.masked.charAt(end) == '_' || s.masked.charAt(end) == '$')) {
            end++;
        }
        if (end == start) {
            throw new SqlCompileException("Expected a name at line " + s.line + " near '"
                    + s.original.substring(start, Math.min(s.original.length(), start + 20)) + "'");
        }
        return new int[] {start, end};
    }

    /** A name as SQL resolves it: quoted kept (with doubled quotes undone), unquoted upper-cased. */
    static String name(String token) {
        if (token.startsWith("\"")) {
            return token.substring(1, token.length() - 1).replace("\"\"", "\"");
        }
        return token.toUpperCase(Locale.ROOT);
    }

    private static int skipSpaces(CharSequence s, int at) {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
            at++;
        }
        return at;
    }

    private static int matching(CharSequence s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int topLevelWord(CharSequence s, int from, int to, String word) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && i + word.length() <= to
                    && s.subSequence(i, i + word.length()).toString().equalsIgnoreCase(word)
                    && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_')
                    && (i + word.length() == s.length() || !Character.isLetterOrDigit(s.charAt(i + word.length()))
                    && s.charAt(i + word.length()) != '_')) {
                return i;
            }
        }
        return -1;
    }

    private static List<int[]> topLevelSplit(CharSequence s, int from, int to, char separator) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(new int[] {start, i});
                start = i + 1;
            }
        }
        parts.add(new int[] {start, to});
        return parts;
    }

    private static void blank(StringBuilder sql, StringBuilder masked, int from, int to) {
        for (int i = from; i < to; i++) {
            if (sql.charAt(i) != '\n') {
                sql.setCharAt(i, ' ');
                masked.setCharAt(i, ' ');
            }
        }
    }
}
