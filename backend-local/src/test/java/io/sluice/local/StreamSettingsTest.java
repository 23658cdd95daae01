package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.junit.LocalBackendExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.DisableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutputStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * The control-plane actions beyond create and describe, through the SDK (JSON, so the CLI's encoding is covered
 * too): capacity mode, encryption, enhanced monitoring, record size, warm throughput, enhanced fan-out
 * consumers, resource policies, limits and account settings.
 */
class StreamSettingsTest {

    static final Instant START = Instant.parse("2026-11-23T14:00:00Z");
    static final Duration DELAY = Duration.ofMillis(500);
    static final MutableClock CLOCK = new MutableClock(START);

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .shardThroughputLimits(false).clock(CLOCK)
            .createDelay(DELAY).deleteDelay(DELAY).updateDelay(DELAY));

    static KinesisClient kinesis;
    private static int streams;

    @BeforeAll
    static void connect() {
        kinesis = ClientKind.SYNC_JSON.create(BACKEND.clients());
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
    }

    private static String activeStream() {
        String name = "settings-" + streams++;
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        CLOCK.advance(DELAY);
        return name;
    }

    private static String arn(String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
    }

    private static StreamDescriptionSummary summary(String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
    }

    @Test
    void capacityModeSwitchesTwiceADayAndShowsUpdatingMeanwhile() {
        String stream = activeStream();
        kinesis.updateStreamMode(b -> b.streamARN(arn(stream)).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))
                .warmThroughputMiBps(100));
        assertThat(summary(stream).streamStatus()).isEqualTo(StreamStatus.UPDATING);
        CLOCK.advance(DELAY);
        StreamDescriptionSummary onDemand = summary(stream);
        assertThat(onDemand.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
        assertThat(onDemand.openShardCount()).isEqualTo(1);
        assertThat(onDemand.warmThroughput().targetMiBps()).isEqualTo(100);

        assertThatThrownBy(() -> kinesis.updateStreamMode(b -> b.streamARN(arn(stream))
                .streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))))
                .isInstanceOf(InvalidArgumentException.class);
        kinesis.updateStreamMode(b -> b.streamARN(arn(stream)).streamModeDetails(m -> m.streamMode(StreamMode.PROVISIONED)));
        CLOCK.advance(DELAY);
        assertThat(summary(stream).warmThroughput()).isNull();
        assertThatThrownBy(() -> kinesis.updateStreamMode(b -> b.streamARN(arn(stream))
                .streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))))
                .isInstanceOf(LimitExceededException.class);
        CLOCK.advance(Duration.ofDays(1));
        kinesis.updateStreamMode(b -> b.streamARN(arn(stream)).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        CLOCK.advance(DELAY);
        kinesis.updateStreamWarmThroughput(b -> b.streamName(stream).warmThroughputMiBps(250));
        CLOCK.advance(DELAY);
        assertThat(summary(stream).warmThroughput().currentMiBps()).isEqualTo(250);
    }

    @Test
    void encryptionIsStartedAndStoppedAndShowsInPutsAndReads() {
        String stream = activeStream();
        kinesis.startStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS)
                .keyId("alias/aws/kinesis"));
        assertThatThrownBy(() -> kinesis.stopStreamEncryption(b -> b.streamName(stream)
                .encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis")))
                .isInstanceOf(ResourceInUseException.class);
        CLOCK.advance(DELAY);
        assertThat(summary(stream).encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(summary(stream).keyId()).isEqualTo("alias/aws/kinesis");
        assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("x")))
                .encryptionType()).isEqualTo(EncryptionType.KMS);
        assertThat(ShardReads.readAll(kinesis, stream, "shardId-000000000000"))
                .singleElement().satisfies(r -> assertThat(r.encryptionType()).isEqualTo(EncryptionType.KMS));

        assertThatThrownBy(() -> kinesis.stopStreamEncryption(b -> b.streamName(stream)
                .encryptionType(EncryptionType.KMS).keyId("alias/other")))
                .isInstanceOf(InvalidArgumentException.class);
        kinesis.stopStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS)
                .keyId("alias/aws/kinesis"));
        CLOCK.advance(DELAY);
        assertThat(summary(stream).encryptionType()).isEqualTo(EncryptionType.NONE);
        assertThat(summary(stream).keyId()).isNull();
    }

    @Test
    void enhancedMonitoringReportsTheMetricsBeforeAndAfter() {
        String stream = activeStream();
        EnableEnhancedMonitoringResponse enabled = kinesis.enableEnhancedMonitoring(b -> b.streamName(stream)
                .shardLevelMetrics(MetricsName.INCOMING_BYTES, MetricsName.ITERATOR_AGE_MILLISECONDS));
        assertThat(enabled.currentShardLevelMetrics()).isEmpty();
        assertThat(enabled.desiredShardLevelMetrics())
                .containsExactly(MetricsName.INCOMING_BYTES, MetricsName.ITERATOR_AGE_MILLISECONDS);
        assertThat(enabled.streamName()).isEqualTo(stream);

        EnableEnhancedMonitoringResponse all = kinesis.enableEnhancedMonitoring(b -> b.streamName(stream)
                .shardLevelMetrics(MetricsName.ALL));
        assertThat(all.desiredShardLevelMetrics()).hasSize(7).doesNotContain(MetricsName.ALL);
        assertThat(summary(stream).enhancedMonitoring().get(0).shardLevelMetrics()).hasSize(7);

        DisableEnhancedMonitoringResponse disabled = kinesis.disableEnhancedMonitoring(b -> b.streamName(stream)
                .shardLevelMetrics(MetricsName.INCOMING_BYTES));
        assertThat(disabled.currentShardLevelMetrics()).hasSize(7);
        assertThat(disabled.desiredShardLevelMetrics()).hasSize(6).doesNotContain(MetricsName.INCOMING_BYTES);
        assertThatThrownBy(() -> kinesis.enableEnhancedMonitoring(b -> b.streamName(stream)
                .shardLevelMetricsWithStrings("Bogus")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must satisfy enum value set");
    }

    @Test
    void maxRecordSizeCanBeRaisedToTenMebibytes() {
        String stream = activeStream();
        byte[] big = new byte[2 * 1024 * 1024];
        assertThatThrownBy(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("k")
                .data(SdkBytes.fromByteArray(big))))
                .isInstanceOf(InvalidArgumentException.class);
        kinesis.updateMaxRecordSize(b -> b.streamARN(arn(stream)).maxRecordSizeInKiB(10240));
        assertThat(summary(stream).maxRecordSizeInKiB()).isEqualTo(10240);
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(big)));
        assertThatThrownBy(() -> kinesis.updateMaxRecordSize(b -> b.streamARN(arn(stream)).maxRecordSizeInKiB(512)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void consumersAreCreatingThenActiveAndListedDescribedAndDeregistered() {
        String stream = activeStream();
        String streamArn = arn(stream);
        Consumer registered = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app"))
                .consumer();
        assertThat(registered.consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
        assertThat(registered.consumerARN())
                .isEqualTo(streamArn + "/consumer/app:" + CLOCK.instant().getEpochSecond());
        assertThat(registered.consumerCreationTimestamp()).isEqualTo(CLOCK.instant());
        assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app")))
                .isInstanceOf(ResourceInUseException.class);
        CLOCK.advance(DELAY);

        ConsumerDescription byArn = kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN()))
                .consumerDescription();
        ConsumerDescription byName = kinesis.describeStreamConsumer(b -> b.streamARN(streamArn).consumerName("app"))
                .consumerDescription();
        assertThat(byArn).isEqualTo(byName);
        assertThat(byArn.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
        assertThat(byArn.streamARN()).isEqualTo(streamArn);
        assertThat(summary(stream).consumerCount()).isEqualTo(1);
        assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(stream)))
                .isInstanceOf(ResourceInUseException.class);

        for (int i = 0; i < 4; i++) {
            int n = i;
            kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("c" + n));
        }
        ListStreamConsumersResponse first = kinesis.listStreamConsumers(b -> b.streamARN(streamArn).maxResults(3));
        assertThat(first.consumers()).extracting(Consumer::consumerName).containsExactly("app", "c0", "c1");
        ListStreamConsumersResponse rest = kinesis.listStreamConsumers(b -> b.streamARN(streamArn)
                .nextToken(first.nextToken()));
        assertThat(rest.consumers()).extracting(Consumer::consumerName).containsExactly("c2", "c3");
        assertThat(rest.nextToken()).isNull();
        // Five are CREATING at most.
        kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("c4"));
        assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("c5")))
                .isInstanceOf(LimitExceededException.class);

        kinesis.deregisterStreamConsumer(b -> b.consumerARN(registered.consumerARN()));
        assertThat(kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN()))
                .consumerDescription().consumerStatus()).isEqualTo(ConsumerStatus.DELETING);
        CLOCK.advance(DELAY);
        assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN())))
                .isInstanceOf(ResourceNotFoundException.class);
        // The name registered again gets a new ARN; the old ARN stays dead.
        Consumer again = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app")).consumer();
        assertThat(again.consumerARN()).isNotEqualTo(registered.consumerARN());
        assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN())))
                .isInstanceOf(ResourceNotFoundException.class);

        // Consumers are tagged by their ARNs, apart from their stream.
        kinesis.tagResource(b -> b.resourceARN(again.consumerARN()).tags(java.util.Map.of("team", "search")));
        assertThat(kinesis.listTagsForResource(b -> b.resourceARN(again.consumerARN())).tags())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("team=search");
        assertThat(kinesis.listTagsForResource(b -> b.resourceARN(streamArn)).tags()).isEmpty();
        kinesis.untagResource(b -> b.resourceARN(again.consumerARN()).tagKeys("team"));
        assertThat(kinesis.listTagsForResource(b -> b.resourceARN(again.consumerARN())).tags()).isEmpty();

        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void resourcePoliciesAreKeptPerStreamAndConsumer() {
        String stream = activeStream();
        String streamArn = arn(stream);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kinesis:GetRecords\","
                + "\"Resource\":\"" + streamArn + "\"}]}";
        assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(streamArn)).policy()).isEqualTo("{}");
        assertThatThrownBy(() -> kinesis.deleteResourcePolicy(b -> b.resourceARN(streamArn)))
                .isInstanceOf(ResourceNotFoundException.class);
        kinesis.putResourcePolicy(b -> b.resourceARN(streamArn).policy(policy));
        assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(streamArn)).policy()).isEqualTo(policy);
        assertThatThrownBy(() -> kinesis.putResourcePolicy(b -> b.resourceARN(streamArn).policy("not json")))
                .isInstanceOf(InvalidArgumentException.class);

        String consumerArn = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("reader"))
                .consumer().consumerARN();
        assertThatThrownBy(() -> kinesis.putResourcePolicy(b -> b.resourceARN(consumerArn).policy(policy)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("is not in ACTIVE status");
        CLOCK.advance(DELAY);
        kinesis.putResourcePolicy(b -> b.resourceARN(consumerArn).policy(policy));
        assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(consumerArn)).policy()).isEqualTo(policy);
        kinesis.deleteResourcePolicy(b -> b.resourceARN(streamArn));
        assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(streamArn)).policy()).isEqualTo("{}");
        assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(consumerArn)).policy()).isEqualTo(policy);
    }

    @Test
    void limitsAndAccountSettingsAnswerFromTheBackend() {
        DescribeLimitsResponse before = kinesis.describeLimits(b -> { });
        assertThat(before.shardLimit()).isEqualTo(20_000);
        assertThat(before.onDemandStreamCountLimit()).isEqualTo(50);
        String stream = "settings-on-demand-" + streams++;
        kinesis.createStream(b -> b.streamName(stream).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        DescribeLimitsResponse after = kinesis.describeLimits(b -> { });
        assertThat(after.openShardCount()).isEqualTo(before.openShardCount() + 4);
        assertThat(after.onDemandStreamCount()).isEqualTo(before.onDemandStreamCount() + 1);

        assertThat(kinesis.describeAccountSettings(b -> { }).minimumThroughputBillingCommitment().status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.DISABLED);
        var enabled = kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.ENABLED)))
                .minimumThroughputBillingCommitment();
        assertThat(enabled.status()).isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED);
        assertThat(enabled.startedAt()).isEqualTo(CLOCK.instant());
        var ending = kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.DISABLED)))
                .minimumThroughputBillingCommitment();
        assertThat(ending.status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END);
        CLOCK.advance(Duration.ofHours(25));
        assertThat(kinesis.describeAccountSettings(b -> { }).minimumThroughputBillingCommitment().status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.DISABLED);
    }

    @Test
    void startingAtTheShardsStartingSequenceNumberReadsFromTheFirstRecord() {
        String stream = activeStream();
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("first")));
        String starting = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).sequenceNumberRange()
                .startingSequenceNumber();
        for (ShardIteratorType type : List.of(ShardIteratorType.AT_SEQUENCE_NUMBER,
                ShardIteratorType.AFTER_SEQUENCE_NUMBER)) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(type).startingSequenceNumber(starting)).shardIterator();
            assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records())
                    .extracting(r -> r.data().asUtf8String()).containsExactly("first");
        }
    }

    /** A raw JSON call, for members newer than the SDK model we build against. */
    private static com.fasterxml.jackson.databind.JsonNode raw(String action, String body) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(BACKEND.backend().endpoint())
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "Kinesis_20131202." + action)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body().isEmpty() ? "{}"
                : response.body());
    }

    @Test
    void autoRecordDistributionSpreadsOnDemandStreamsAndIsRefusedOnProvisionedOnes() throws Exception {
        // Newer than the SDK model of 2.40.2, and asked for by the KPL 1.1 (DescribeStreamSummary).
        String stream = "settings-auto-" + streams++;
        raw("CreateStream", "{\"StreamName\":\"" + stream + "\",\"StreamModeDetails\":{\"StreamMode\":"
                + "\"ON_DEMAND\"},\"RecordDistributionStrategy\":\"AUTO\"}");
        CLOCK.advance(DELAY);
        assertThat(raw("DescribeStreamSummary", "{\"StreamName\":\"" + stream + "\"}")
                .at("/StreamDescriptionSummary/RecordDistributionStrategy").asText()).isEqualTo("AUTO");
        java.util.Set<String> shards = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            shards.add(kinesis.putRecord(b -> b.streamName(stream).partitionKey("same-key")
                    .data(SdkBytes.fromUtf8String("x"))).shardId());
        }
        assertThat(shards).hasSize(4);

        raw("UpdateStreamRecordDistributionStrategy", "{\"StreamARN\":\"" + arn(stream)
                + "\",\"RecordDistributionStrategy\":\"USER_PARTITION_KEY\"}");
        shards.clear();
        for (int i = 0; i < 8; i++) {
            shards.add(kinesis.putRecord(b -> b.streamName(stream).partitionKey("same-key")
                    .data(SdkBytes.fromUtf8String("x"))).shardId());
        }
        assertThat(shards).hasSize(1);

        String provisioned = activeStream();
        assertThat(raw("DescribeStreamSummary", "{\"StreamName\":\"" + provisioned + "\"}")
                .at("/StreamDescriptionSummary/RecordDistributionStrategy").asText()).isEqualTo("USER_PARTITION_KEY");
        assertThat(raw("UpdateStreamRecordDistributionStrategy", "{\"StreamARN\":\"" + arn(provisioned)
                + "\",\"RecordDistributionStrategy\":\"AUTO\"}").get("__type").asText())
                .isEqualTo("InvalidArgumentException");
        assertThat(raw("CreateStream", "{\"StreamName\":\"auto-provisioned\",\"ShardCount\":1,"
                + "\"RecordDistributionStrategy\":\"AUTO\"}").get("__type").asText())
                .isEqualTo("InvalidArgumentException");
    }
}
