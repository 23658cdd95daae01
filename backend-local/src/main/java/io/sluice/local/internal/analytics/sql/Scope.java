package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * The relations a query reads, laid side by side in one row: each has an alias and the offset of its first column.
 * Resolves column names (qualified or not) to row positions. Immutable once built.
 */
final class Scope {

    record Entry(String alias, Relation relation, int offset) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private int width;

    Scope add(String alias, Relation relation) {
        entries.add(new Entry(alias, relation, width));
        width += relation.columns().size();
        return this;
    }

    int width() {
        return width;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The position and type of a column reference. */
    Expr resolve(SqlIdentifier id) {
        List<String> names = id.names;
        if (names.size() == 2) {
            Entry entry = entry(names.get(0), id);
            int index = entry.relation().indexOf(names.get(1));
            if (index < 0) {
                throw new SqlCompileException("Column '" + names.get(1) + "' not found in " + entry.alias()
                        + hint(names.get(1)), id.getParserPosition());
            }
            return Expr.column(entry.offset() + index, entry.relation().columns().get(index).type());
        }
        if (names.size() != 1) {
            throw new SqlCompileException("Unsupported name " + id, id.getParserPosition());
        }
        String name = names.get(0);
        Expr found = null;
        for (Entry entry : entries) {
            int index = entry.relation().indexOf(name);
            if (index >= 0) {
                if (found != null && !Relation.ROWTIME.equals(name)) {
                    throw new SqlCompileException("Column '" + name + "' is ambiguous", id.getParserPosition());
                }
                if (found == null) {
                    found = Expr.column(entry.offset() + index, entry.relation().columns().get(index).type());
                }
            }
        }
        if (found == null) {
            throw new SqlCompileException("Column '" + name + "' not found in any table" + hint(name),
                    id.getParserPosition());
        }
        return found;
    }

    private Entry entry(String alias, SqlIdentifier id) {
        for (Entry entry : entries) {
            if (entry.alias().equals(alias)) {
                return entry;
            }
        }
        throw new SqlCompileException("Table '" + alias + "' not found", id.getParserPosition());
    }

    /** Suggests the quoted spelling when a column differs only in case (unquoted names are upper-cased). */
    private String hint(String name) {
        for (Entry entry : entries) {
            for (Column column : entry.relation().columns()) {
                if (column.name().toUpperCase(Locale.ROOT).equals(name.toUpperCase(Locale.ROOT))) {
                    return "; did you mean \"" + column.name() + "\" (quoted names keep their case)?";
                }
            }
        }
        return "";
    }
}
