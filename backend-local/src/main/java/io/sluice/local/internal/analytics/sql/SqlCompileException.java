package io.sluice.local.internal.analytics.sql;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Application code that cannot run: a syntax error, an unknown stream or column, a construct the runtime does not
 * support. The message names the construct and, where known, its line and column. Immutable.
 */
public final class SqlCompileException extends RuntimeException {

    public SqlCompileException(String message) {
        super(message);
    }

    public SqlCompileException(String message, SqlParserPos pos) {
        super(pos == null || pos.getLineNum() == 0 ? message
                : message + " (line " + pos.getLineNum() + ", column " + pos.getColumnNum() + ")");
    }
}
