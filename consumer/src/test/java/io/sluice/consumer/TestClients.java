package io.sluice.consumer;

import io.sluice.local.junit.LocalBackendExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The real SDK clients a consumer test uses against one backend-local (static credentials, explicit endpoint),
 * opened before the class's tests and closed after them. Register it after the backend's extension.
 */
final class TestClients implements BeforeAllCallback, AfterAllCallback {

    private final LocalBackendExtension backend;
    private KinesisClient kinesis;
    private KinesisAsyncClient kinesisAsync;
    private DynamoDbClient dynamo;

    TestClients(LocalBackendExtension backend) {
        this.backend = backend;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kinesis = backend.clients().kinesis().build();
        kinesisAsync = backend.clients().kinesisAsync().build();
        dynamo = backend.clients().dynamoDb().build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kinesis.close();
        kinesisAsync.close();
        dynamo.close();
    }

    KinesisClient kinesis() {
        return kinesis;
    }

    KinesisAsyncClient kinesisAsync() {
        return kinesisAsync;
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }
}
