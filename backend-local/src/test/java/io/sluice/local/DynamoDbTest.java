package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * DynamoDB on the backend's own port, through the SDK's DynamoDB clients: tables, conditional writes as lease
 * tables use them, both client kinds, and tables that survive a restart on a data directory.
 */
class DynamoDbTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = new LocalBackendExtension();

    @TempDir
    Path dataDir;

    private static void createLeaseTable(DynamoDbClient dynamo, String name) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH)));
    }

    @Test
    void leaseStyleConditionalWritesWorkThroughTheKinesisPort() throws Exception {
        try (DynamoDbClient dynamo = BACKEND.clients().dynamoDb().build();
                DynamoDbAsyncClient async = BACKEND.clients().dynamoDbAsync().build()) {
            createLeaseTable(dynamo, "leases");
            assertThat(dynamo.describeTable(b -> b.tableName("leases")).table().tableStatus())
                    .isEqualTo(TableStatus.ACTIVE);
            dynamo.putItem(b -> b.tableName("leases").item(Map.of(
                    "leaseKey", AttributeValue.fromS("shardId-000000000000"),
                    "leaseCounter", AttributeValue.fromN("1"),
                    "leaseOwner", AttributeValue.fromS("worker-a")))
                    .conditionExpression("attribute_not_exists(leaseKey)"));
            // A second create of the same lease fails its condition, as a lease taken by another worker does.
            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("leases").item(Map.of(
                    "leaseKey", AttributeValue.fromS("shardId-000000000000"),
                    "leaseCounter", AttributeValue.fromN("1")))
                    .conditionExpression("attribute_not_exists(leaseKey)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            async.updateItem(b -> b.tableName("leases")
                    .key(Map.of("leaseKey", AttributeValue.fromS("shardId-000000000000")))
                    .updateExpression("SET leaseCounter = leaseCounter + :one")
                    .conditionExpression("leaseCounter = :expected")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":expected", AttributeValue.fromN("1")))).get(30, TimeUnit.SECONDS);
            assertThat(dynamo.getItem(b -> b.tableName("leases").consistentRead(true)
                    .key(Map.of("leaseKey", AttributeValue.fromS("shardId-000000000000")))).item()
                    .get("leaseCounter").n()).isEqualTo("2");
            assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName("no-such-table")))
                    .isInstanceOf(ResourceNotFoundException.class);
            // Kinesis still answers on the same port.
            try (var kinesis = ClientKind.SYNC_CBOR.create(BACKEND.clients())) {
                assertThat(kinesis.listStreams().streamNames()).isNotNull();
            }
        }
    }

    @Test
    void tablesSurviveARestartOnADataDirectory() {
        try (LocalBackend backend = LocalBackend.builder().port(0).dataDirectory(dataDir).build().start();
                DynamoDbClient dynamo = LocalClients.of(backend).dynamoDb().build()) {
            createLeaseTable(dynamo, "durable-leases");
            dynamo.putItem(b -> b.tableName("durable-leases").item(Map.of(
                    "leaseKey", AttributeValue.fromS("k"), "checkpoint", AttributeValue.fromS("TRIM_HORIZON"))));
        }
        try (LocalBackend backend = LocalBackend.builder().port(0).dataDirectory(dataDir).build().start();
                DynamoDbClient dynamo = LocalClients.of(backend).dynamoDb().build()) {
            assertThat(dynamo.getItem(b -> b.tableName("durable-leases")
                    .key(Map.of("leaseKey", AttributeValue.fromS("k")))).item().get("checkpoint").s())
                    .isEqualTo("TRIM_HORIZON");
        }
        assertThat(dataDir.resolve("dynamodb")).isDirectory();
    }
}
