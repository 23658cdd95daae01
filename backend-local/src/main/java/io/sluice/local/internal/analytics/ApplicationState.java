package io.sluice.local.internal.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.local.internal.analytics.model.Shapes.CloudWatchLoggingOption;
import io.sluice.local.internal.analytics.model.Shapes.Input;
import io.sluice.local.internal.analytics.model.Shapes.Output;
import io.sluice.local.internal.analytics.model.Shapes.ReferenceDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An Analytics application as stored in the data directory and shown by DescribeApplication. Immutable: every
 * change makes a new state. Statuses: a transitional status ({@code STARTING}, {@code UPDATING}, {@code STOPPING},
 * {@code DELETING}) shows until {@link #settlesAt()}, then {@link #settled()} does.
 *
 * @param region the region it lives in
 * @param name its name, unique in the region
 * @param arn {@code arn:aws:kinesisanalytics:<region>:<account>:application/<name>}
 * @param description its description, or {@code null}
 * @param code its SQL
 * @param created when CreateApplication was answered
 * @param lastUpdated when its configuration last changed
 * @param version the application version, 1 at creation, one more at every configuration change
 * @param status the status shown until {@code settlesAt}
 * @param settled the status shown from {@code settlesAt} on
 * @param settlesAt epoch milliseconds at which {@code settled} shows
 * @param inputs its input (at most one)
 * @param outputs its outputs (at most three)
 * @param references its reference data source (at most one)
 * @param logging its CloudWatch logging options (kept, not used)
 * @param tags its tags in the order they were added
 */
public record ApplicationState(@JsonProperty("region") String region,
        @JsonProperty("name") String name,
        @JsonProperty("arn") String arn,
        @JsonProperty("description") String description,
        @JsonProperty("code") String code,
        @JsonProperty("created") Instant created,
        @JsonProperty("lastUpdated") Instant lastUpdated,
        @JsonProperty("version") long version,
        @JsonProperty("status") String status,
        @JsonProperty("settled") String settled,
        @JsonProperty("settlesAt") long settlesAt,
        @JsonProperty("inputs") List<InputEntry> inputs,
        @JsonProperty("outputs") List<OutputEntry> outputs,
        @JsonProperty("references") List<ReferenceEntry> references,
        @JsonProperty("logging") List<LoggingEntry> logging,
        @JsonProperty("tags") Map<String, String> tags) {

    public static final String READY = "READY";
    public static final String STARTING = "STARTING";
    public static final String RUNNING = "RUNNING";
    public static final String UPDATING = "UPDATING";
    public static final String STOPPING = "STOPPING";
    public static final String DELETING = "DELETING";

    public ApplicationState {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        references = references == null ? List.of() : List.copyOf(references);
        logging = logging == null ? List.of() : List.copyOf(logging);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /**
     * The input and where it was last started from.
     *
     * @param startingPosition {@code NOW}, {@code TRIM_HORIZON} or {@code LAST_STOPPED_POINT}, or {@code null}
     *     before the first start
     */
    public record InputEntry(@JsonProperty("id") String id, @JsonProperty("input") Input input,
            @JsonProperty("startingPosition") String startingPosition) {
    }

    public record OutputEntry(@JsonProperty("id") String id, @JsonProperty("output") Output output) {
    }

    public record ReferenceEntry(@JsonProperty("id") String id,
            @JsonProperty("source") ReferenceDataSource source) {
    }

    public record LoggingEntry(@JsonProperty("id") String id,
            @JsonProperty("option") CloudWatchLoggingOption option) {
    }

    /** The status at a time. */
    public String status(long now) {
        return now >= settlesAt ? settled : status;
    }

    /** The same application in a status for {@code millis}, then in {@code after}. */
    public ApplicationState moving(String during, String after, long now, long millis) {
        return new ApplicationState(region, name, arn, description, code, created, lastUpdated, version,
                millis <= 0 ? after : during, after, now + millis, inputs, outputs, references, logging, tags);
    }

    /** A configuration change: the next version, updated now, with what {@code change} did. */
    public ApplicationState changed(Instant now, UnaryOperator<ApplicationState> change) {
        ApplicationState next = change.apply(this);
        return new ApplicationState(region, name, arn, next.description, next.code, created, now, version + 1,
                next.status, next.settled, next.settlesAt, next.inputs, next.outputs, next.references,
                next.logging, next.tags);
    }

    public ApplicationState withCode(String newCode) {
        return new ApplicationState(region, name, arn, description, newCode, created, lastUpdated, version, status,
                settled, settlesAt, inputs, outputs, references, logging, tags);
    }

    public ApplicationState withInputs(List<InputEntry> newInputs) {
        return new ApplicationState(region, name, arn, description, code, created, lastUpdated, version, status,
                settled, settlesAt, newInputs, outputs, references, logging, tags);
    }

    public ApplicationState withOutputs(List<OutputEntry> newOutputs) {
        return new ApplicationState(region, name, arn, description, code, created, lastUpdated, version, status,
                settled, settlesAt, inputs, newOutputs, references, logging, tags);
    }

    public ApplicationState withReferences(List<ReferenceEntry> newReferences) {
        return new ApplicationState(region, name, arn, description, code, created, lastUpdated, version, status,
                settled, settlesAt, inputs, outputs, newReferences, logging, tags);
    }

    public ApplicationState withLogging(List<LoggingEntry> newLogging) {
        return new ApplicationState(region, name, arn, description, code, created, lastUpdated, version, status,
                settled, settlesAt, inputs, outputs, references, newLogging, tags);
    }

    public ApplicationState withTags(Map<String, String> newTags) {
        return new ApplicationState(region, name, arn, description, code, created, lastUpdated, version, status,
                settled, settlesAt, inputs, outputs, references, logging, newTags);
    }

    /**
     * The id of the {@code ordinal}-th item of a kind added by the change that makes version {@code version}:
     * {@code "<version>.<ordinal>"}, as AWS numbers inputs, outputs and reference sources ("1.1").
     */
    static String id(long version, int ordinal) {
        return version + "." + ordinal;
    }

    /** A mutable copy of a list, for changes. */
    static <T> List<T> copy(List<T> list) {
        return new ArrayList<>(list);
    }
}
