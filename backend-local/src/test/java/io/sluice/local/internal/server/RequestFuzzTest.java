package io.sluice.local.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.local.internal.api.ApiRouter;
import io.sluice.local.internal.protocol.ApiCodec;
import io.sluice.local.internal.storage.InMemoryStorage;
import io.sluice.local.internal.streams.KinesisService;
import io.sluice.local.internal.streams.LifecycleDelays;
import io.sluice.local.internal.streams.StreamRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throws malformed and mutated requests at the whole request path (HTTP/1.1 codec, body limit, content-type and
 * target routing, the JSON and CBOR decoders, validation, the actions, SigV4 parsing): every request must get
 * an AWS error envelope with a modelled code (or a success), never an internal failure, an escaped exception or
 * a dropped request. Inputs are valid requests of many actions mutated byte by byte (bit flips, cuts, inserts,
 * repeats, splices) and plain random bytes, in JSON and CBOR.
 *
 * <p>Each property runs {@value #DEFAULT_TRIES} inputs in the normal suite; the {@code fuzz} profile runs each for
 * {@code sluice.fuzz.minutes} minutes instead ({@code ./mvnw -Pfuzz -pl backend-local -am verify}). Inputs come
 * from a seeded generator: a failure prints the seed, and {@code -Dsluice.fuzz.seed=N} replays it.
 */
class RequestFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final int BODY_LIMIT = 256 * 1024;
    private static final Set<String> MODELLED = Set.of("AccessDeniedException", "ExpiredIteratorException",
            "ExpiredNextTokenException", "InvalidArgumentException", "LimitExceededException",
            "ProvisionedThroughputExceededException", "RequestEntityTooLargeException", "ResourceInUseException",
            "ResourceNotFoundException", "SerializationException", "UnknownOperationException",
            "ValidationException", "KMSDisabledException", "MissingAuthenticationTokenException",
            "IncompleteSignatureException", "UnrecognizedClientException", "InvalidSignatureException");
    private static final Set<String> AUTH_ERRORS = Set.of("MissingAuthenticationTokenException",
            "IncompleteSignatureException", "UnrecognizedClientException", "InvalidSignatureException");

    /** Valid bodies of many actions: the seeds the mutations start from. */
    private static final List<String[]> SEEDS = List.of(
            new String[] {"CreateStream", "{\"StreamName\":\"fuzz-new\",\"ShardCount\":2,\"Tags\":{\"a\":\"b\"}}"},
            new String[] {"PutRecord", "{\"StreamName\":\"fuzz\",\"PartitionKey\":\"k\",\"Data\":\"aGVsbG8=\","
                    + "\"ExplicitHashKey\":\"12345\"}"},
            new String[] {"PutRecords", "{\"StreamName\":\"fuzz\",\"Records\":[{\"PartitionKey\":\"a\",\"Data\":"
                    + "\"eA==\"},{\"PartitionKey\":\"b\",\"Data\":\"eQ==\",\"ExplicitHashKey\":\"0\"}]}"},
            new String[] {"GetShardIterator", "{\"StreamName\":\"fuzz\",\"ShardId\":\"shardId-000000000000\","
                    + "\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":1795000000.5}"},
            new String[] {"GetRecords", "{\"ShardIterator\":\"AAAAAAAAAAGxV2F0ZXI=\",\"Limit\":10}"},
            new String[] {"ListShards", "{\"StreamName\":\"fuzz\",\"ShardFilter\":{\"Type\":\"AFTER_SHARD_ID\","
                    + "\"ShardId\":\"shardId-000000000000\"},\"MaxResults\":5}"},
            new String[] {"ListStreams", "{\"Limit\":3,\"ExclusiveStartStreamName\":\"a\"}"},
            new String[] {"DescribeStream", "{\"StreamName\":\"fuzz\",\"Limit\":1}"},
            new String[] {"SplitShard", "{\"StreamName\":\"fuzz\",\"ShardToSplit\":\"shardId-000000000001\","
                    + "\"NewStartingHashKey\":\"250000000000000000000000000000000000000\"}"},
            new String[] {"MergeShards", "{\"StreamName\":\"fuzz\",\"ShardToMerge\":\"shardId-000000000000\","
                    + "\"AdjacentShardToMerge\":\"shardId-000000000001\"}"},
            new String[] {"UpdateShardCount", "{\"StreamName\":\"fuzz\",\"TargetShardCount\":3,"
                    + "\"ScalingType\":\"UNIFORM_SCALING\"}"},
            new String[] {"RegisterStreamConsumer", "{\"StreamARN\":\"arn:aws:kinesis:us-east-1:000000000000:"
                    + "stream/fuzz\",\"ConsumerName\":\"c\"}"},
            new String[] {"SubscribeToShard", "{\"ConsumerARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/"
                    + "fuzz/consumer/c:1795000000\",\"ShardId\":\"shardId-000000000000\",\"StartingPosition\":"
                    + "{\"Type\":\"AT_SEQUENCE_NUMBER\",\"SequenceNumber\":\"49\"}}"},
            new String[] {"EnableEnhancedMonitoring", "{\"StreamName\":\"fuzz\",\"ShardLevelMetrics\":[\"ALL\"]}"},
            new String[] {"PutResourcePolicy", "{\"ResourceARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/"
                    + "fuzz\",\"Policy\":\"{\\\"Statement\\\":[]}\"}"},
            new String[] {"AddTagsToStream", "{\"StreamName\":\"fuzz\",\"Tags\":{\"k\":\"v\"}}"},
            new String[] {"UpdateAccountSettings", "{\"MinimumThroughputBillingCommitment\":{\"Status\":"
                    + "\"ENABLED\"}}"},
            new String[] {"IncreaseStreamRetentionPeriod", "{\"StreamName\":\"fuzz\",\"RetentionPeriodHours\":48}"});

    private static StreamRegistry registry;
    private static ApiRouter router;
    private static final Clock CLOCK = Clock.systemUTC();

    static final int DEFAULT_TRIES = 500;

    @BeforeAll
    static void startService() {
        registry = new StreamRegistry(new InMemoryStorage(), "000000000000",
                new LifecycleDelays(Duration.ZERO, Duration.ZERO, Duration.ZERO));
        KinesisService kinesis = new KinesisService(registry, new KinesisService.Settings(1000, 50,
                Duration.ofSeconds(10), CLOCK, true));
        router = new ApiRouter(List.of(kinesis.definition()));
        registry.create("us-east-1", "fuzz", 2, "PROVISIONED", Map.of(), 1024, "USER_PARTITION_KEY",
                CLOCK.millis());
    }

    @AfterAll
    static void stopService() {
        registry.close();
    }

    /** A request body: a mutated seed or random bytes, and the action it is sent to. */
    record Input(String action, byte[] body, boolean cbor) {
    }

    /**
     * Runs {@code property} on generated inputs, each from its own seed, for the tries or minutes configured;
     * a failure names the seed that replays it.
     */
    private static void forAll(String name, Consumer<Random> property) {
        long base = Long.getLong("sluice.fuzz.seed", new Random().nextLong());
        long minutes = Long.getLong("sluice.fuzz.minutes", 0);
        long deadline = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        int tries = 0;
        while (minutes > 0 ? System.nanoTime() < deadline : tries < DEFAULT_TRIES) {
            long seed = base + tries++;
            try {
                property.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " failed on try " + tries + "; replay with -Dsluice.fuzz.seed="
                        + seed + " (then the first try is the failing one)", e);
            }
        }
        System.out.printf("%s: %,d inputs (seeds from %d)%n", name, tries, base);
    }

    static Input request(Random random) {
        String[] seed = SEEDS.get(random.nextInt(SEEDS.size()));
        boolean cbor = random.nextBoolean();
        if (random.nextInt(5) == 0) {
            byte[] bytes = new byte[random.nextInt(512)];
            random.nextBytes(bytes);
            return new Input(seed[0], bytes, cbor);
        }
        byte[] body = cbor ? toCbor(seed[1]) : seed[1].getBytes(StandardCharsets.UTF_8);
        body = mutate(body, random, random.nextInt(9));
        // Mostly the seed's own action; sometimes another, so bodies meet the wrong decoder.
        String action = random.nextInt(4) == 0 ? SEEDS.get(random.nextInt(SEEDS.size()))[0] : seed[0];
        return new Input(action, body, cbor);
    }

    @Test
    void everyRequestGetsASuccessOrAModelledError() {
        forAll("requests", random -> {
            Input input = request(random);
            Response response = send(handler(null), request(input.action(), input.body(),
                    input.cbor() ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1", null));
            assertModelled(response);
        });
    }

    /** Found by this test: a message echoing an unpaired surrogate could not be encoded, and the request was dropped. */
    @Test
    void unpairedSurrogatesAreRefusedOrEchoedSafely() {
        byte[] put = "{\"StreamName\":\"fuzz\",\"PartitionKey\":\"a\\udc87b\",\"Data\":\"eA==\"}"
                .getBytes(StandardCharsets.UTF_8);
        Response refused = send(handler(null), request("PutRecord", put, "application/x-amz-json-1.1", null));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorType()).isEqualTo("SerializationException");
        byte[] describe = "{\"StreamName\":\"\\udc87\"}".getBytes(StandardCharsets.UTF_8);
        Response echoed = send(handler(null), request("DescribeStream", describe, "application/x-amz-json-1.1", null));
        assertThat(echoed.status()).isEqualTo(400);
        assertThat(echoed.errorType()).isEqualTo("ValidationException");
        // U+FFFD in UTF-8 (EF BF BD), as the ISO-8859-1 view of the response shows it.
        assertThat(echoed.body()).contains("\u00ef\u00bf\u00bd");
    }

    @Test
    void everySignatureThatIsNotRightGetsAnAuthenticationError() {
        String valid = "AWS4-HMAC-SHA256 Credential=AKIAFUZZ/20261123/us-east-1/kinesis/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64);
        forAll("signatures", random -> {
            String authorization = new String(mutate(valid.getBytes(StandardCharsets.US_ASCII), random,
                    random.nextInt(7)), StandardCharsets.ISO_8859_1).replaceAll("[\\r\\n\\x00]", "x");
            Response response = send(handler(Map.of("AKIAFUZZ", "secret")), request("ListStreams",
                    "{}".getBytes(StandardCharsets.UTF_8), "application/x-amz-json-1.1", authorization));
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.errorType()).isIn(AUTH_ERRORS);
        });
    }

    @Test
    void anyBytesOnTheWireAreAnsweredOrTheConnectionClosedAndTheServerGoesOn() {
        byte[] valid = request("PutRecord", SEEDS.get(1)[1].getBytes(StandardCharsets.UTF_8),
                "application/x-amz-json-1.1", null);
        forAll("wire bytes", random -> {
            byte[] bytes;
            if (random.nextBoolean()) {
                bytes = new byte[random.nextInt(2048)];
                random.nextBytes(bytes);
            } else {
                bytes = mutate(valid, random, 1 + random.nextInt(10));
            }
            EmbeddedChannel channel = handler(null);
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.runPendingTasks();
            drain(channel);
            channel.finishAndReleaseAll();
        });
        // The service still answers a well-formed request.
        Response ok = send(handler(null), request("ListStreams", "{}".getBytes(StandardCharsets.UTF_8),
                "application/x-amz-json-1.1", null));
        assertThat(ok.status()).isEqualTo(200);
    }

    static EmbeddedChannel handler(Map<String, String> keys) {
        ApiCodec codec = new ApiCodec();
        ApiHandler handler = new ApiHandler(router, codec, CLOCK, "us-east-1", "000000000000",
                keys == null ? null : new SigV4Verifier(keys));
        EmbeddedChannel channel = new EmbeddedChannel();
        new PipelineConfigurer(BODY_LIMIT, codec, null, handler).configureHttp1(channel.pipeline());
        return channel;
    }

    static byte[] request(String action, byte[] body, String contentType, String authorization) {
        StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: ")
                .append(contentType).append("\r\nX-Amz-Target: Kinesis_20131202.").append(action)
                .append("\r\nX-Amz-Date: ")
                .append(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                        .format(Instant.now()))
                .append("\r\nContent-Length: ").append(body.length).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** What came back on a channel: the status and the error type of the envelope, if any. */
    record Response(int status, String errorType, String body) {
    }

    static Response send(EmbeddedChannel channel, byte[] request) {
        channel.writeInbound(Unpooled.wrappedBuffer(request));
        channel.runPendingTasks();
        byte[] out = drain(channel);
        channel.finishAndReleaseAll();
        String text = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(text).as("a response was written").startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, bodyStart).toLowerCase(java.util.Locale.ROOT);
        String errorType = null;
        int at = head.indexOf("x-amzn-errortype: ");
        if (at >= 0) {
            errorType = head.substring(at + 18, head.indexOf("\r\n", at)).trim();
            // The header is lower-cased above; take the envelope's own spelling.
            byte[] body = java.util.Arrays.copyOfRange(out, bodyStart, out.length);
            JsonNode envelope;
            try {
                envelope = head.contains("cbor") ? CBOR.readTree(body) : JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("Not an error envelope: " + text, e);
            }
            errorType = envelope.get("__type").asText();
            assertThat(envelope.get("message").asText()).isNotEmpty();
        }
        return new Response(status, errorType, text.length() > 300 ? text.substring(0, 300) : text);
    }

    private static void assertModelled(Response response) {
        if (response.status() == 200) {
            return;
        }
        assertThat(response.status()).as(response.toString()).isIn(400, 403, 404, 413);
        assertThat(response.errorType()).as(response.toString()).isIn(MODELLED);
    }

    private static byte[] drain(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof ByteBuf buf) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.writeBytes(bytes);
                buf.release();
            } else {
                io.netty.util.ReferenceCountUtil.release(message);
            }
        }
        return out.toByteArray();
    }

    private static byte[] toCbor(String json) {
        try {
            return CBOR.writeValueAsBytes(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies {@code count} random byte-level mutations, as a mutation fuzzer does. */
    static byte[] mutate(byte[] input, Random random, int count) {
        byte[] data = input.clone();
        for (int i = 0; i < count && data.length > 0; i++) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(6)) {
                case 0 -> data[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> data[at] = (byte) random.nextInt(256);
                case 2 -> data = splice(data, at, Math.min(data.length, at + 1 + random.nextInt(8)), new byte[0]);
                case 3 -> {
                    byte[] inserted = new byte[1 + random.nextInt(8)];
                    random.nextBytes(inserted);
                    data = splice(data, at, at, inserted);
                }
                case 4 -> {
                    int end = Math.min(data.length, at + 1 + random.nextInt(16));
                    data = splice(data, at, at, java.util.Arrays.copyOfRange(data, at, end));
                }
                default -> data = java.util.Arrays.copyOf(data, at);
            }
        }
        return data;
    }

    private static byte[] splice(byte[] data, int from, int to, byte[] replacement) {
        byte[] out = new byte[data.length - (to - from) + replacement.length];
        System.arraycopy(data, 0, out, 0, from);
        System.arraycopy(replacement, 0, out, from, replacement.length);
        System.arraycopy(data, to, out, from + replacement.length, data.length - to);
        return out;
    }
}
