package io.sluice.consumer;

import io.sluice.local.LocalClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The real SDK clients a consumer test uses against one backend-local: static credentials, explicit endpoint. */
record TestClients(KinesisClient kinesis, KinesisAsyncClient kinesisAsync, DynamoDbClient dynamo)
        implements AutoCloseable {

    static TestClients of(LocalClients clients) {
        return new TestClients(clients.kinesis().build(), clients.kinesisAsync().build(),
                clients.dynamoDb().build());
    }

    @Override
    public void close() {
        kinesis.close();
        kinesisAsync.close();
        dynamo.close();
    }
}
