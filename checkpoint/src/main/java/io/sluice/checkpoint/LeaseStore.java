package io.sluice.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The lease table in DynamoDB, in the KCL 2.x layout (REFERENCE section 4), so a table a KCL application wrote can
 * be adopted. Every change is a conditional write: on the lease counter (which every change moves) and, where it
 * matters, on the owner. Contention is a result, not an exception: {@link #renew}, {@link #take},
 * {@link #evict} and {@link #release} return empty when the lease changed under the caller;
 * {@link #checkpoint} throws {@link LeaseLostException}, because a lost lease must stop the shard's processing.
 *
 * <p>Throttling is retried by the DynamoDB client's retry strategy (exponential backoff), so the client given
 * should keep its default retries.
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

    public LeaseStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    public String table() {
        return table;
    }

    /**
     * Creates the table (on-demand billing, {@code leaseKey} as hash key) unless it exists, and waits until it is
     * ACTIVE.
     */
    public void createTableIfAbsent(Duration timeout) {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException alreadyThere) {
            // Created by another worker, or by an earlier run: adopt it.
        }
        // The SDK's waiter polls every 20 s by default; a new on-demand table is usually ready much sooner.
        dynamo.waiter().waitUntilTableExists(DescribeTableRequest.builder().tableName(table).build(),
                WaiterOverrideConfiguration.builder().waitTimeout(timeout)
                        .maxAttempts(Integer.MAX_VALUE)
                        .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))).build());
    }

    /** Writes a new lease unless one with its key exists; true when it was written. */
    public boolean createIfAbsent(Lease lease) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(LeaseItems.toItem(lease))
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", KEY)));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /** The lease with this key, read consistently. */
    public Optional<Lease> get(String leaseKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(KEY, AttributeValue.fromS(leaseKey)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LeaseItems.fromItem(item));
    }

    /** Every lease, read consistently. */
    public List<Lease> list() {
        List<Lease> leases = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            page.items().forEach(item -> leases.add(LeaseItems.fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return leases;
    }

    /** Moves the counter of a lease the caller holds; empty when it changed or changed hands. */
    public Optional<Lease> renew(Lease lease) {
        requireOwner(lease);
        return update(lease, "ADD #counter :one", Map.of());
    }

    /** Takes a lease (unowned, expired, or to steal) for {@code newOwner}; empty when it changed meanwhile. */
    public Optional<Lease> take(Lease lease, String newOwner) {
        Objects.requireNonNull(newOwner, "newOwner");
        boolean switches = !newOwner.equals(lease.owner());
        return update(lease, "SET #owner = :newOwner ADD #counter :one" + (switches ? ", #switches :one" : ""),
                Map.of(":newOwner", AttributeValue.fromS(newOwner)));
    }

    /** Removes the owner of a lease seen with that owner (a dead worker's); empty when it changed meanwhile. */
    public Optional<Lease> evict(Lease lease) {
        requireOwner(lease);
        return update(lease, "REMOVE #owner ADD #counter :one", Map.of());
    }

    /** Gives up a lease the caller holds, so others can take it at once; empty when it was no longer held. */
    public Optional<Lease> release(Lease lease) {
        return evict(lease);
    }

    /**
     * Writes a checkpoint for a lease the caller holds (conditioned on the owner, so renewals in between do not
     * fail it), clearing any pending checkpoint.
     *
     * @throws LeaseLostException when another worker holds the lease now
     */
    public Lease checkpoint(Lease lease, Checkpoint checkpoint) {
        requireOwner(lease);
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(lease.leaseKey())))
                    .updateExpression("SET #cp = :cp, #cpSub = :cpSub, #switches = :zero "
                            + "REMOVE #pending, #pendingSub, #pendingState ADD #counter :one")
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#cp", CHECKPOINT, "#cpSub", CHECKPOINT_SUB, "#switches",
                            OWNER_SWITCHES, "#pending", PENDING, "#pendingSub", PENDING_SUB, "#pendingState",
                            PENDING_STATE, "#counter", COUNTER, "#owner", OWNER))
                    .expressionAttributeValues(Map.of(":cp", AttributeValue.fromS(checkpoint.sequenceNumber()),
                            ":cpSub", number(checkpoint.subSequenceNumber()), ":zero", number(0),
                            ":one", number(1), ":owner", AttributeValue.fromS(lease.owner())))
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return LeaseItems.fromItem(item);
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseLostException("Lease " + lease.leaseKey() + " is no longer held by " + lease.owner()
                    + "; checkpoint " + checkpoint + " was not written");
        }
    }

    /** Deletes a lease (a finished parent's), if it is unchanged; true when deleted. */
    public boolean delete(Lease lease) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(lease.leaseKey())))
                    .conditionExpression("#counter = :counter")
                    .expressionAttributeNames(Map.of("#counter", COUNTER))
                    .expressionAttributeValues(Map.of(":counter", number(lease.counter()))));
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
        String condition = "#counter = :counter";
        if (lease.owner() == null) {
            condition += " AND attribute_not_exists(#owner)";
        } else {
            condition += " AND #owner = :owner";
            values.put(":owner", AttributeValue.fromS(lease.owner()));
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(lease.leaseKey())))
                    .updateExpression(expression).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(LeaseItems.fromItem(item));
        } catch (ConditionalCheckFailedException changed) {
            return Optional.empty();
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
