package io.sluice.local.internal.analytics.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/** The in-application streams and reference tables of an application, by name. Not thread-safe. */
final class Catalog {

    private final Map<String, InAppStream> streams = new LinkedHashMap<>();
    private final Map<String, ReferenceTable> tables = new LinkedHashMap<>();

    InAppStream stream(String name) {
        return streams.get(name);
    }

    ReferenceTable table(String name) {
        return tables.get(name);
    }

    Map<String, InAppStream> streams() {
        return streams;
    }

    Map<String, ReferenceTable> tables() {
        return tables;
    }

    void addStream(InAppStream stream) {
        String name = stream.relation().name();
        if (tables.containsKey(name)) {
            throw new SqlCompileException("Stream " + name + " has the name of a reference table");
        }
        streams.put(name, stream);
    }

    void addTable(ReferenceTable table) {
        tables.put(table.relation().name(), table);
    }
}
