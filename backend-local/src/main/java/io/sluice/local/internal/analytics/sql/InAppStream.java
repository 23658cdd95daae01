package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-application stream: rows inserted by the input or by pumps go to every reader (pumps and outputs) in the
 * order they subscribed. ROWTIME never goes backwards in a stream: a row older than the last one takes the last
 * one's ROWTIME (AWS drops such rows; keeping them loses nothing). Not thread-safe.
 */
final class InAppStream implements RowSink {

    private final Relation relation;
    private final List<RowSink> readers = new ArrayList<>();
    private long lastRowtime = Long.MIN_VALUE;
    private long rows;
    private ErrorSink errors;

    InAppStream(Relation relation) {
        this.relation = relation;
    }

    Relation relation() {
        return relation;
    }

    /** Where a reader's failure goes, so the other readers still get the row. */
    void errors(ErrorSink sink) {
        this.errors = sink;
    }

    void subscribe(RowSink reader) {
        readers.add(reader);
    }

    boolean hasReaders() {
        return !readers.isEmpty();
    }

    long rows() {
        return rows;
    }

    @Override
    public void accept(Object[] row) {
        long rowtime = (Long) row[0];
        if (rowtime < lastRowtime) {
            row[0] = lastRowtime;
        } else {
            lastRowtime = rowtime;
        }
        rows++;
        for (int i = 0; i < readers.size(); i++) {
            try {
                readers.get(i).accept(row);
            } catch (RowException e) {
                if (errors != null) {
                    errors.report(e, row, relation);
                }
            } catch (RuntimeException e) {
                if (errors == null) {
                    throw e;
                }
                errors.report(Operator.internal(e), row, relation);
            }
        }
    }
}
