package io.sluice.local.internal.analytics.sql;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code RANDOM_CUT_FOREST(CURSOR(...) [, numberOfTrees, subSampleSize, timeDecay, shingleSize])} and its
 * {@code _WITH_EXPLANATION} form: scores each row's numeric columns (at most 30) with a random cut forest
 * (randomcutforest-core, seeded, so results repeat), then learns from the row. Rows go on with their columns plus
 * ANOMALY_SCORE (0 until the forest has seen subSampleSize rows) and, with explanation, ANOMALY_EXPLANATION (per
 * column: DIRECTION, STRENGTH, ATTRIBUTION_SCORE). Not thread-safe.
 */
final class RandomCutForestScore extends Operator {

    static final int MAX_COLUMNS = 30;
    private static final long SEED = 42;

    private final int[] columns;
    private final String[] names;
    private final RandomCutForest forest;
    private final boolean explain;
    private final int width;

    RandomCutForestScore(int[] columns, String[] names, int trees, int sampleSize, long timeDecay, int shingleSize,
            boolean explain, int width) {
        this.columns = columns;
        this.names = names;
        this.explain = explain;
        this.width = width;
        RandomCutForest.Builder<?> builder = RandomCutForest.builder()
                .dimensions(columns.length * shingleSize)
                .numberOfTrees(trees)
                .sampleSize(sampleSize)
                .timeDecay(1.0 / timeDecay)
                .outputAfter(sampleSize)
                .randomSeed(SEED);
        if (shingleSize > 1) {
            builder.shingleSize(shingleSize).internalShinglingEnabled(true);
        }
        this.forest = builder.build();
    }

    /** The numeric columns RANDOM_CUT_FOREST reads (DECIMAL is not among them), at most 30. */
    static int[] numericColumns(Relation input) {
        List<Integer> found = new ArrayList<>();
        for (int i = input.system(); i < input.columns().size() && found.size() < MAX_COLUMNS; i++) {
            SqlType type = input.columns().get(i).type();
            if (type.numeric() && type.kind() != SqlType.Kind.DECIMAL) {
                found.add(i);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void accept(Object[] row) {
        double[] point = new double[columns.length];
        for (int i = 0; i < columns.length; i++) {
            Object v = row[columns[i]];
            point[i] = v == null ? 0.0 : ((Number) v).doubleValue();
        }
        double score = forest.getAnomalyScore(point);
        String explanation = explain ? explain(point) : null;
        forest.update(point);
        Object[] out = java.util.Arrays.copyOf(row, width + (explain ? 2 : 1));
        out[width] = score;
        if (explain) {
            out[width + 1] = explanation;
        }
        emit(out);
    }

    private String explain(double[] point) {
        StringBuilder json = new StringBuilder("{");
        DiVector attribution = forest.isOutputReady() ? forest.getAnomalyAttribution(point) : null;
        for (int i = 0; i < columns.length; i++) {
            double high = 0;
            double low = 0;
            if (attribution != null) {
                // With shingling the newest point is the last block of the shingle.
                int d = attribution.getDimensions() - columns.length + i;
                high = attribution.high[d];
                low = attribution.low[d];
            }
            double total = high + low;
            double strength = total == 0 ? 0 : Math.abs(high - low) / total;
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(names[i]).append("\":{\"DIRECTION\":\"").append(high > low ? "HIGH" : "LOW")
                    .append("\",\"STRENGTH\":\"").append(String.format(Locale.ROOT, "%.4f", strength))
                    .append("\",\"ATTRIBUTION_SCORE\":\"").append(String.format(Locale.ROOT, "%.4f", total))
                    .append("\"}");
        }
        return json.append('}').toString();
    }
}
