package io.sluice.local.internal.analytics.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/** Questions about Calcite expression trees: canonical forms, constants, monotonicity, aggregate calls. Stateless. */
final class SqlTrees {

    private SqlTrees() {
    }

    /** A form under which two expressions that mean the same in a scope are equal (names resolved to columns). */
    static String key(SqlNode node, Scope scope) {
        if (node == null) {
            return "null";
        }
        if (node instanceof SqlIdentifier id) {
            if (id.isStar()) {
                return "*";
            }
            try {
                Expr e = scope.resolve(id);
                if (e instanceof Exprs.Column c) {
                    return "#" + c.index();
                }
            } catch (SqlCompileException e) {
                // Not a column (CURRENT_ROW_TIMESTAMP and friends): compare by name.
            }
            return "?" + String.join(".", id.names);
        }
        if (node instanceof SqlCall call) {
            StringBuilder out = new StringBuilder(call.getOperator().getName()).append('(');
            if (call.getFunctionQuantifier() != null) {
                out.append(call.getFunctionQuantifier()).append(' ');
            }
            for (SqlNode operand : call.getOperandList()) {
                out.append(key(operand, scope)).append(',');
            }
            return out.append(')').toString();
        }
        if (node instanceof SqlNodeList list) {
            StringBuilder out = new StringBuilder("[");
            for (SqlNode item : list) {
                out.append(key(item, scope)).append(',');
            }
            return out.append(']').toString();
        }
        return node.getClass().getSimpleName() + ":" + node;
    }

    static boolean isConstant(SqlNode node) {
        if (node == null || node instanceof SqlLiteral || node instanceof SqlIntervalQualifier
                || node instanceof SqlDataTypeSpec) {
            return true;
        }
        if (node instanceof SqlCall call && !(call.getKind() == SqlKind.OTHER_FUNCTION && call.operandCount() == 0)) {
            for (SqlNode operand : call.getOperandList()) {
                if (!isConstant(operand)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isPositiveConstant(SqlNode node) {
        if (node instanceof SqlLiteral literal && literal.getValue() != null) {
            Expr e = ExprCompiler.literal(literal);
            Object v = e.eval(new Object[0]);
            return v instanceof Number n && n.doubleValue() > 0;
        }
        return false;
    }

    /** Whether an expression never decreases as ROWTIME grows and reads nothing but ROWTIME. */
    static boolean isMonotonic(SqlNode node) {
        if (node instanceof SqlIdentifier id) {
            return !id.isStar() && Relation.ROWTIME.equals(id.names.get(id.names.size() - 1));
        }
        if (!(node instanceof SqlCall call) || call.operandCount() == 0) {
            return false;
        }
        SqlNode first = call.operand(0);
        String name = ExprCompiler.functionName(call);
        switch (call.getKind()) {
            case FLOOR:
            case CEIL:
            case CAST:
                return isMonotonic(first);
            case PLUS:
                return isMonotonic(first) && isConstant(call.operand(1))
                        || isConstant(first) && isMonotonic(call.operand(1));
            case MINUS:
                return isMonotonic(first) && isConstant(call.operand(1));
            case TIMES:
                return isMonotonic(first) && isPositiveConstant(call.operand(1))
                        || isPositiveConstant(first) && isMonotonic(call.operand(1));
            case DIVIDE:
                return isMonotonic(first) && isPositiveConstant(call.operand(1));
            default:
                break;
        }
        if (name.equals("STEP")) {
            return call.operandCount() == 2 && isMonotonic(first) && isConstant(call.operand(1));
        }
        if (name.equals("UNIX_TIMESTAMP") || name.equals("TO_TIMESTAMP")) {
            return isMonotonic(first);
        }
        return false;
    }

    /** Whether the tree has an {@code OVER} call. */
    static boolean hasOver(SqlNode node) {
        if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.OVER) {
                return true;
            }
            for (SqlNode operand : call.getOperandList()) {
                if (hasOver(operand)) {
                    return true;
                }
            }
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode item : list) {
                if (hasOver(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The aggregate calls of a tree that are not under OVER (an aggregate's own argument is not searched). */
    static void collectAggregates(SqlNode node, List<SqlCall> into) {
        if (node instanceof SqlSelect) {
            return;
        }
        if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.OVER) {
                return;
            }
            if (Functions.isAggregate(call)) {
                into.add(call);
                return;
            }
            for (SqlNode operand : call.getOperandList()) {
                collectAggregates(operand, into);
            }
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode item : list) {
                collectAggregates(item, into);
            }
        }
    }

    static List<SqlCall> aggregates(List<SqlNode> nodes) {
        List<SqlCall> out = new ArrayList<>();
        for (SqlNode node : nodes) {
            collectAggregates(node, out);
        }
        return out;
    }

    /** The alias of a select item ({@code x AS a}), or the last name of a plain column, or {@code null}. */
    static String itemName(SqlNode item) {
        if (item.getKind() == SqlKind.AS) {
            return ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple();
        }
        if (item instanceof SqlIdentifier id && !id.isStar()) {
            return id.names.get(id.names.size() - 1);
        }
        return null;
    }

    /** A select item without its alias. */
    static SqlNode unalias(SqlNode item) {
        return item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
    }
}
