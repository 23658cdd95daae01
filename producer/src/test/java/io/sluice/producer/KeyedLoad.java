package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Records of the form {@code key:counter}, added in counter order per key, and the checks on what a stream
 * holds afterwards: nothing acknowledged is missing, and each key's records come in counter order (a replayed
 * record may repeat, never go backwards past one already seen twice).
 */
final class KeyedLoad {

    private final int keys;
    private final Map<Integer, Integer> counters = new HashMap<>();
    final List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
    final List<String> payloads = new ArrayList<>();

    KeyedLoad(int keys) {
        this.keys = keys;
    }

    /** Adds the next record of key {@code index % keys}. */
    CompletableFuture<UserRecordResult> addNext(KinesisProducer producer, String stream, int index) {
        int key = index % keys;
        int counter = counters.merge(key, 1, Integer::sum) - 1;
        String payload = "key-" + key + ":" + counter;
        CompletableFuture<UserRecordResult> future = producer.addUserRecord(stream, "key-" + key,
                payload.getBytes(StandardCharsets.UTF_8));
        futures.add(future);
        payloads.add(payload);
        return future;
    }

    List<UserRecordResult> results() throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        List<UserRecordResult> out = new ArrayList<>();
        for (CompletableFuture<UserRecordResult> future : futures) {
            out.add(future.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    /**
     * Checks the stream against what was acknowledged.
     *
     * @return how many deliveries were duplicates
     */
    int check(List<StreamContents.Delivered> delivered, boolean duplicatesAllowed) {
        Set<String> seen = new HashSet<>();
        Map<String, Integer> highest = new HashMap<>();
        int duplicates = 0;
        for (StreamContents.Delivered record : delivered) {
            String text = record.text();
            String key = text.substring(0, text.indexOf(':'));
            int counter = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            assertThat(key).isEqualTo(record.partitionKey());
            if (!seen.add(text)) {
                duplicates++;
                continue;
            }
            int before = highest.getOrDefault(key, -1);
            assertThat(counter).as("first delivery of %s after %s:%d", text, key, before).isEqualTo(before + 1);
            highest.put(key, counter);
        }
        List<String> missing = payloads.stream().filter(p -> !seen.contains(p)).limit(10).toList();
        assertThat(missing).as("acknowledged records not delivered").isEmpty();
        assertThat(seen.size()).as("distinct records delivered").isEqualTo(payloads.size());
        if (!duplicatesAllowed) {
            assertThat(duplicates).as("duplicates").isZero();
        }
        return duplicates;
    }
}
