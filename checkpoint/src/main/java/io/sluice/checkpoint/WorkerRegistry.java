package io.sluice.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The worker table: one item per worker of an application, keyed by {@code workerId}, that the worker itself
 * writes on every renewal. Lease balancing reads it to know how many workers share the leases (including workers
 * that hold none yet, which the lease table alone cannot show) and a graceful exit is visible at once, because a
 * leaving worker marks itself and then deletes its item.
 *
 * <p>Kept in a table of its own (by convention {@code <application>-workers}), so a lease table stays readable by
 * the KCL. Each worker writes only its own item, so writes are unconditional.
 *
 * <p>Thread-safe: it holds no state but the client, which is thread-safe.
 */
public final class WorkerRegistry {

    static final String WORKER_ID = "workerId";
    static final String HEARTBEAT = "heartbeat";
    static final String LEASE_COUNT = "leaseCount";
    static final String RECORDS_PER_SECOND = "recordsPerSecond";
    static final String LEAVING = "leaving";
    static final String LEASE_EPOCH = "leaseEpoch";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoTable dynamoTable;

    /**
     * A registry of the worker table {@code table}.
     *
     * @param dynamo the client the table is reached with
     * @param table the worker table's name (see {@link #tableFor(String)})
     */
    public WorkerRegistry(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.dynamoTable = new DynamoTable(dynamo, table, WORKER_ID);
    }

    /**
     * The worker table's name for an application whose lease table is {@code leaseTable}.
     *
     * @param leaseTable the lease table's name
     * @return {@code <leaseTable>-workers}
     */
    public static String tableFor(String leaseTable) {
        return leaseTable + "-workers";
    }

    /**
     * The worker table's name.
     *
     * @return the name
     */
    public String table() {
        return table;
    }

    /**
     * DynamoDB calls made so far through this object (a call the SDK retried counts once), for a cost meter.
     *
     * @return the number of calls
     */
    public long callCount() {
        return dynamoTable.callCount();
    }

    private <T> T call(Supplier<T> call) {
        return dynamoTable.call(call);
    }

    /**
     * Creates the table (on-demand billing) unless it exists, and waits until it is ACTIVE.
     *
     * @param timeout the longest wait for the table to become active
     * @throws CheckpointStoreException when the table cannot be created or does not become active in time
     */
    public void createTableIfAbsent(Duration timeout) {
        dynamoTable.createIfAbsent(timeout);
    }

    /**
     * Writes this worker's entry.
     *
     * @param state the entry, replacing the worker's previous one
     */
    public void publish(WorkerState state) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(WORKER_ID, AttributeValue.fromS(state.workerId()));
        item.put(HEARTBEAT, LeaseStore.number(state.heartbeat()));
        item.put(LEASE_COUNT, LeaseStore.number(state.leaseCount()));
        item.put(RECORDS_PER_SECOND, AttributeValue.fromN(Double.toString(state.recordsPerSecond())));
        item.put(LEAVING, AttributeValue.fromBool(state.leaving()));
        item.put(LEASE_EPOCH, LeaseStore.number(state.leaseEpoch()));
        call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    /**
     * Removes a worker's entry (its own on a graceful exit, or a long-dead one's).
     *
     * @param workerId the worker whose entry goes
     */
    public void remove(String workerId) {
        call(() -> dynamo.deleteItem(b -> b.tableName(table)
                .key(Map.of(WORKER_ID, AttributeValue.fromS(workerId)))));
    }

    /**
     * Every worker's entry, read consistently.
     *
     * @return the entries, in no particular order
     */
    public List<WorkerState> list() {
        List<WorkerState> workers = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamoTable.scanAll()) {
            workers.add(new WorkerState(item.get(WORKER_ID).s(), number(item, HEARTBEAT),
                    (int) number(item, LEASE_COUNT), decimal(item, RECORDS_PER_SECOND),
                    item.containsKey(LEAVING) && Boolean.TRUE.equals(item.get(LEAVING).bool()),
                    number(item, LEASE_EPOCH)));
        }
        return workers;
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static double decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Math.max(0, Double.parseDouble(value.n()));
    }
}
