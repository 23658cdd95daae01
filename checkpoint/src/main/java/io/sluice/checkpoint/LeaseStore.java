package io.sluice.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The lease table in DynamoDB, in the KCL 2.x layout (REFERENCE section 4), so a table a KCL application wrote can
 * be adopted. Every change is a conditional write: on the lease counter (which every change moves) and, where it
 * matters, on the owner. Contention is a result, not an exception: {@link #renew}, {@link #take},
 * {@link #evict} and {@link #release} return empty when the lease changed under the caller;
 * {@link #checkpoint} throws {@link LeaseLostException}, because a lost lease must stop the shard's processing.
 *
 * <p>Throttling is retried by the DynamoDB client's retry strategy (exponential backoff with jitter), so the
 * client given should keep its retries on; what still fails comes out as a retriable
 * {@link CheckpointStoreException}. A missing table is a fatal one.
 *
 * <p>Thread-safe: it holds no state but the client, which is thread-safe.
 */
public final class LeaseStore {

    static final String KEY = "leaseKey";
    static final String OWNER = "leaseOwner";
    static final String COUNTER = "leaseCounter";
    static final String CHECKPOINT = "checkpoint";
    static final String CHECKPOINT_SUB = "checkpointSubSequenceNumber";
    static final String PENDING = "pendingCheckpoint";
    static final String PENDING_SUB = "pendingCheckpointSubSequenceNumber";
    static final String PENDING_STATE = "pendingCheckpointState";
    static final String OWNER_SWITCHES = "ownerSwitchesSinceCheckpoint";
    static final String PARENTS = "parentShardId";
    static final String CHILDREN = "childShardIds";
    static final String STARTING_HASH_KEY = "startingHashKey";
    static final String ENDING_HASH_KEY = "endingHashKey";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoTable dynamoTable;

    /**
     * A store of the lease table {@code table}.
     *
     * @param dynamo the client the table is reached with
     * @param table the lease table's name (the application's name)
     */
    public LeaseStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.dynamoTable = new DynamoTable(dynamo, table, KEY);
    }

    /**
     * The lease table's name.
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
     * Creates the table (on-demand billing, {@code leaseKey} as hash key) unless it exists, and waits until it is
     * ACTIVE.
     *
     * @param timeout the longest wait for the table to become active
     * @throws CheckpointStoreException when the table cannot be created or does not become active in time
     */
    public void createTableIfAbsent(Duration timeout) {
        dynamoTable.createIfAbsent(timeout);
    }

    /**
     * Writes a new lease unless one with its key exists.
     *
     * @param lease the lease to create
     * @return true when it was written, false when the key existed
     */
    public boolean createIfAbsent(Lease lease) {
        try {
            call(() -> dynamo.putItem(b -> b.tableName(table).item(LeaseItems.toItem(lease))
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", KEY))));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /**
     * The lease with this key, read consistently.
     *
     * @param leaseKey the shard id
     * @return the lease, or empty when there is none
     */
    public Optional<Lease> get(String leaseKey) {
        Map<String, AttributeValue> item = call(() -> dynamo.getItem(b -> b.tableName(table)
                .consistentRead(true).key(Map.of(KEY, AttributeValue.fromS(leaseKey)))).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LeaseItems.fromItem(item));
    }

    /**
     * Every lease, read consistently.
     *
     * @return the leases, in no particular order
     */
    public List<Lease> list() {
        List<Lease> leases = new ArrayList<>();
        dynamoTable.scanAll().forEach(item -> leases.add(LeaseItems.fromItem(item)));
        return leases;
    }

    /**
     * Moves the counter of a lease the caller holds, conditioned on the owner alone, so that the owner's own
     * checkpoints in between do not fail it.
     *
     * @param lease the lease as the caller holds it
     * @return the lease as written, or empty when another worker holds it now (or nobody does)
     */
    public Optional<Lease> renew(Lease lease) {
        requireOwner(lease);
        try {
            return Optional.of(updateHeld(lease, "ADD #counter :one", Map.of("#counter", COUNTER, "#owner", OWNER),
                    Map.of(":one", number(1), ":owner", AttributeValue.fromS(lease.owner())), "renewal"));
        } catch (LeaseLostException lost) {
            return Optional.empty();
        }
    }

    /**
     * Takes a lease (unowned, expired, or to steal) for {@code newOwner}, if it is unchanged since it was read.
     *
     * @param lease the lease as the caller last read it
     * @param newOwner the worker taking it
     * @return the lease as written, or empty when it changed meanwhile
     */
    public Optional<Lease> take(Lease lease, String newOwner) {
        Objects.requireNonNull(newOwner, "newOwner");
        boolean switches = !newOwner.equals(lease.owner());
        return update(lease, "SET #owner = :newOwner ADD #counter :one" + (switches ? ", #switches :one" : ""),
                Map.of(":newOwner", AttributeValue.fromS(newOwner)));
    }

    /**
     * Removes the owner of a lease seen with that owner (a dead worker's), if it is unchanged since it was read.
     *
     * @param lease the lease as the caller last read it
     * @return the lease as written, or empty when it changed meanwhile
     */
    public Optional<Lease> evict(Lease lease) {
        requireOwner(lease);
        return update(lease, "REMOVE #owner ADD #counter :one", Map.of());
    }

    /**
     * Gives up a lease the caller holds, so others can take it at once.
     *
     * @param lease the lease as the caller holds it
     * @return the lease as written, or empty when it was no longer held
     */
    public Optional<Lease> release(Lease lease) {
        return evict(lease);
    }

    /**
     * Writes a checkpoint for a lease the caller holds (conditioned on the owner, so renewals in between do not
     * fail it), clearing any pending checkpoint.
     *
     * @param lease the lease as the caller holds it
     * @param checkpoint the new checkpoint
     * @return the lease as written
     * @throws LeaseLostException when another worker holds the lease now
     */
    public Lease checkpoint(Lease lease, Checkpoint checkpoint) {
        requireOwner(lease);
        return updateHeld(lease, "SET #cp = :cp, #cpSub = :cpSub, #switches = :zero "
                        + "REMOVE #pending, #pendingSub, #pendingState ADD #counter :one",
                Map.of("#cp", CHECKPOINT, "#cpSub", CHECKPOINT_SUB, "#switches", OWNER_SWITCHES, "#pending", PENDING,
                        "#pendingSub", PENDING_SUB, "#pendingState", PENDING_STATE, "#counter", COUNTER,
                        "#owner", OWNER),
                Map.of(":cp", AttributeValue.fromS(checkpoint.sequenceNumber()),
                        ":cpSub", number(checkpoint.subSequenceNumber()), ":zero", number(0),
                        ":one", number(1), ":owner", AttributeValue.fromS(lease.owner())),
                "checkpoint " + checkpoint);
    }

    /**
     * Records a prepared checkpoint (and optional application state) for a lease the caller holds, without moving
     * the checkpoint itself; {@link #checkpoint} commits it. After a failover the next owner sees it in
     * {@link Lease#pendingCheckpoint()}.
     *
     * @param lease the lease as the caller holds it
     * @param pending the prepared checkpoint
     * @param applicationState bytes kept beside it, or {@code null}
     * @return the lease as written
     * @throws LeaseLostException when another worker holds the lease now
     */
    public Lease prepareCheckpoint(Lease lease, Checkpoint pending, byte[] applicationState) {
        requireOwner(lease);
        Objects.requireNonNull(pending, "pending");
        Map<String, String> names = new HashMap<>(Map.of("#pending", PENDING, "#pendingSub", PENDING_SUB,
                "#pendingState", PENDING_STATE, "#counter", COUNTER, "#owner", OWNER));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pending",
                AttributeValue.fromS(pending.sequenceNumber()), ":pendingSub", number(pending.subSequenceNumber()),
                ":one", number(1), ":owner", AttributeValue.fromS(lease.owner())));
        String expression;
        if (applicationState == null) {
            expression = "SET #pending = :pending, #pendingSub = :pendingSub REMOVE #pendingState ADD #counter :one";
        } else {
            expression = "SET #pending = :pending, #pendingSub = :pendingSub, #pendingState = :state "
                    + "ADD #counter :one";
            values.put(":state", AttributeValue.fromB(SdkBytes.fromByteArray(applicationState)));
        }
        return updateHeld(lease, expression, names, values, "pending checkpoint " + pending);
    }

    /**
     * Records the shards a closed shard split or merged into, on a lease the caller holds, so that a shard sync
     * after a crash still knows them.
     *
     * @param lease the lease as the caller holds it
     * @param childShardIds the child shards' ids
     * @return the lease as written
     * @throws LeaseLostException when another worker holds the lease now
     */
    public Lease recordChildren(Lease lease, Set<String> childShardIds) {
        requireOwner(lease);
        if (childShardIds.isEmpty()) {
            return lease;
        }
        return updateHeld(lease, "SET #children = :children ADD #counter :one",
                Map.of("#children", CHILDREN, "#counter", COUNTER, "#owner", OWNER),
                Map.of(":children", AttributeValue.fromSs(childShardIds.stream().sorted().toList()),
                        ":one", number(1), ":owner", AttributeValue.fromS(lease.owner())),
                "child shards " + childShardIds);
    }

    /**
     * Deletes a lease (a finished parent's), if it is unchanged since it was read.
     *
     * @param lease the lease as the caller last read it
     * @return true when deleted, false when it changed meanwhile
     */
    public boolean delete(Lease lease) {
        try {
            call(() -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(lease.leaseKey())))
                    .conditionExpression("#counter = :counter")
                    .expressionAttributeNames(Map.of("#counter", COUNTER))
                    .expressionAttributeValues(Map.of(":counter", number(lease.counter())))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** A conditional update on the lease as the caller saw it: same counter, same owner (or none). */
    private Optional<Lease> update(Lease lease, String expression, Map<String, AttributeValue> extraValues) {
        Map<String, String> names = new HashMap<>(Map.of("#counter", COUNTER, "#owner", OWNER));
        if (expression.contains("#switches")) {
            names.put("#switches", OWNER_SWITCHES);
        }
        Map<String, AttributeValue> values = new HashMap<>(extraValues);
        values.put(":one", number(1));
        values.put(":counter", number(lease.counter()));
        String condition;
        if (lease.owner() == null) {
            condition = "#counter = :counter AND attribute_not_exists(#owner)";
        } else {
            condition = "#counter = :counter AND #owner = :owner";
            values.put(":owner", AttributeValue.fromS(lease.owner()));
        }
        try {
            Map<String, AttributeValue> item = call(() -> dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(lease.leaseKey())))
                    .updateExpression(expression).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes());
            return Optional.of(LeaseItems.fromItem(item));
        } catch (ConditionalCheckFailedException changed) {
            return Optional.empty();
        }
    }

    /** An update conditioned on the owner alone, so that the owner's own renewals in between do not fail it. */
    private Lease updateHeld(Lease lease, String expression, Map<String, String> names,
            Map<String, AttributeValue> values, String what) {
        try {
            Map<String, AttributeValue> item = call(() -> dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(lease.leaseKey())))
                    .updateExpression(expression).conditionExpression("#owner = :owner")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes());
            return LeaseItems.fromItem(item);
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException("Lease " + lease.leaseKey() + " is no longer held by " + lease.owner()
                    + "; " + what + " was not written");
        }
    }

    private static void requireOwner(Lease lease) {
        if (lease.owner() == null) {
            throw new IllegalArgumentException("Lease " + lease.leaseKey() + " has no owner");
        }
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
