package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.KinesisRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Every operation of the Kinesis API model in the SDK we build against reaches an action of the backend: called
 * with an empty request through the SDK's own client, each answers (usually with a validation error), and none
 * with UnknownOperationException. The operations are read from the SDK client, so a newer SDK with new
 * operations fails here until the backend serves them.
 */
class EveryModelOperationTest {

    @RegisterExtension
    static final LocalBackendExtension BACKEND = new LocalBackendExtension();

    /** The SDK client's operations, by name, each with the method that calls it. */
    static Map<String, Method> operations() {
        Map<String, Method> out = new TreeMap<>();
        for (Method method : KinesisAsyncClient.class.getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length >= 1 && KinesisRequest.class.isAssignableFrom(parameters[0])
                    && parameters[0] != KinesisRequest.class
                    && CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
                String name = parameters[0].getSimpleName().replaceFirst("Request$", "");
                out.put(name, method);
            }
        }
        return out;
    }

    @Test
    void theSdkModelHasTheThirtyNineOperationsOfTheCurrentApi() {
        assertThat(operations()).hasSize(39).containsKeys("SubscribeToShard", "UpdateStreamWarmThroughput",
                "UpdateMaxRecordSize", "DescribeAccountSettings", "PutResourcePolicy");
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"ASYNC_HTTP2_CBOR", "ASYNC_HTTP2_JSON"})
    void noOperationIsUnknownToTheBackend(ClientKind kind) throws Exception {
        Map<String, String> answers = new TreeMap<>();
        try (KinesisAsyncClient client = kind.createAsync(BACKEND.clients())) {
            for (Map.Entry<String, Method> operation : operations().entrySet()) {
                answers.put(operation.getKey(), call(client, operation.getKey(), operation.getValue()));
            }
        }
        assertThat(answers).hasSize(39);
        assertThat(answers).allSatisfy((name, answer) ->
                assertThat(answer).as(name).isNotEqualTo("UnknownOperationException").isNotEqualTo("404"));
        // Actions without required members answer successfully.
        assertThat(answers).containsEntry("DescribeLimits", "OK").containsEntry("ListStreams", "OK")
                .containsEntry("DescribeAccountSettings", "OK");
    }

    /** Calls one operation with an empty request; returns "OK" or the error code the backend answered with. */
    private static String call(KinesisAsyncClient client, String name, Method method) throws Exception {
        Object request = method.getParameterTypes()[0].getMethod("builder").invoke(null);
        request = software.amazon.awssdk.utils.builder.SdkBuilder.class.getMethod("build").invoke(request);
        CompletableFuture<?> future;
        if (name.equals("SubscribeToShard")) {
            future = client.subscribeToShard((SubscribeToShardRequest) request,
                    SubscribeToShardResponseHandler.builder().subscriber(event -> { }).build());
        } else {
            future = (CompletableFuture<?>) method.invoke(client, request);
        }
        try {
            future.get(30, TimeUnit.SECONDS);
            return "OK";
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof AwsServiceException aws) {
                if (aws.statusCode() == 404) {
                    return "404";
                }
                return aws.awsErrorDetails().errorCode();
            }
            throw e;
        }
    }
}
