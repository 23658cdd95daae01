package io.sluice.local.internal.analytics.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.local.internal.analytics.sql.RowException;
import io.sluice.local.internal.analytics.sql.SqlType;
import io.sluice.local.internal.analytics.sql.Values;
import java.math.BigDecimal;

/**
 * Turns a value of a record (a JSON node, or a CSV field as text) into a column value, by AWS's mapping rules:
 * NULL stays NULL; a string into BOOLEAN is true only for "true" (any case); a number into BOOLEAN is false only
 * for 0; a boolean into a number is 1 or 0; a number with a fraction does not go into an integer type; a string
 * too long for its VARCHAR is cut; objects and arrays go into character columns as their JSON text. What does not
 * fit is a row error ("Coercion error"). Stateless.
 */
final class InputCoercion {

    private InputCoercion() {
    }

    static Object fromJson(JsonNode node, SqlType type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isContainerNode()) {
            if (type.character()) {
                return type.coerce(node.toString());
            }
            throw error(node.toString(), type);
        }
        if (node.isBoolean()) {
            return fromBoolean(node.booleanValue(), type);
        }
        if (node.isNumber()) {
            return fromNumber(node.decimalValue(), node.asText(), type);
        }
        return fromText(node.asText(), type);
    }

    static Object fromText(String text, SqlType type) {
        if (text == null) {
            return null;
        }
        if (type.character()) {
            return type.coerce(text);
        }
        if (type.kind() == SqlType.Kind.BOOLEAN) {
            return text.trim().equalsIgnoreCase("true");
        }
        if (text.isEmpty()) {
            return null;
        }
        if (type.kind().ordinal() >= SqlType.Kind.TINYINT.ordinal()
                && type.kind().ordinal() <= SqlType.Kind.BIGINT.ordinal()) {
            try {
                return type.coerce(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                throw error(text, type);
            }
        }
        try {
            return type.coerce(text);
        } catch (RowException e) {
            throw error(text, type);
        }
    }

    private static Object fromBoolean(boolean value, SqlType type) {
        if (type.kind() == SqlType.Kind.BOOLEAN) {
            return value;
        }
        if (type.character()) {
            return type.coerce(String.valueOf(value));
        }
        if (type.numeric()) {
            return type.coerce(value ? 1L : 0L);
        }
        throw error(String.valueOf(value), type);
    }

    private static Object fromNumber(BigDecimal value, String text, SqlType type) {
        if (type.character()) {
            return type.coerce(text);
        }
        if (type.kind() == SqlType.Kind.BOOLEAN) {
            return value.signum() != 0;
        }
        if (!type.numeric()) {
            throw error(text, type);
        }
        if (type.kind() == SqlType.Kind.REAL || type.kind() == SqlType.Kind.DOUBLE) {
            return type.coerce(value.doubleValue());
        }
        if (type.kind() == SqlType.Kind.DECIMAL) {
            return type.coerce(value);
        }
        try {
            return type.coerce(value.longValueExact());
        } catch (ArithmeticException e) {
            throw error(text, type);
        }
    }

    private static RowException error(String text, SqlType type) {
        return new RowException(Values.CONVERSION_ERROR, "For input string: \"" + text + "\" (not a valid "
                + type.sql() + ")");
    }
}
