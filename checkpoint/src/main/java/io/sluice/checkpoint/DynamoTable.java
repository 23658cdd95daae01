package io.sluice.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
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
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * One DynamoDB table with a string hash key, as the lease store and the worker registry use it: creating it
 * on-demand and waiting for it, consistent full scans, and every call counted and its SDK failures turned into
 * {@link CheckpointStoreException}s (conditional-check failures pass through for the caller to judge).
 *
 * <p>Thread-safe: the client is, and the call counter is a {@link LongAdder}.
 */
final class DynamoTable {

    private final DynamoDbClient dynamo;
    private final String name;
    private final String hashKey;
    private final LongAdder calls = new LongAdder();

    DynamoTable(DynamoDbClient dynamo, String name, String hashKey) {
        this.dynamo = dynamo;
        this.name = name;
        this.hashKey = hashKey;
    }

    String name() {
        return name;
    }

    long callCount() {
        return calls.sum();
    }

    /** Runs one DynamoDB call, counting it and turning the SDK's failures into this library's exceptions. */
    <T> T call(Supplier<T> call) {
        calls.increment();
        try {
            return call.get();
        } catch (ConditionalCheckFailedException | ResourceInUseException expected) {
            throw expected;
        } catch (ResourceNotFoundException missing) {
            throw new CheckpointStoreException("Table " + name + " does not exist", false, missing);
        } catch (SdkException e) {
            throw new CheckpointStoreException("DynamoDB call on " + name + " failed: " + e.getMessage(),
                    e.retryable() || !(e instanceof AwsServiceException), e);
        }
    }

    /** Creates the table (on-demand billing) unless it exists, and waits until it is ACTIVE. */
    void createIfAbsent(Duration timeout) {
        try {
            call(() -> dynamo.createTable(b -> b.tableName(name)
                    .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey)
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)));
        } catch (ResourceInUseException alreadyThere) {
            // Created by another worker, or by an earlier run: adopt it.
        }
        // The SDK's waiter polls every 20 s by default; a new on-demand table is usually ready much sooner.
        call(() -> dynamo.waiter().waitUntilTableExists(DescribeTableRequest.builder().tableName(name).build(),
                WaiterOverrideConfiguration.builder().waitTimeout(timeout).maxAttempts(Integer.MAX_VALUE)
                        .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))).build()));
    }

    /** Every item, read consistently, page by page. */
    List<Map<String, AttributeValue>> scanAll() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = call(() -> dynamo.scan(b -> b.tableName(name).consistentRead(true)
                    .exclusiveStartKey(from)));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
