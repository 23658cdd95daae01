package io.sluice.local.internal.firehose.delivery;

import io.sluice.local.RecordTransformer;
import io.sluice.local.RecordTransformer.InputRecord;
import io.sluice.local.RecordTransformer.KinesisRecordMetadata;
import io.sluice.local.RecordTransformer.OutputRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The Lambda processor: gathers records up to its BufferSizeInMBs or BufferIntervalInSeconds, invokes the
 * transformation (retrying a function error NumberOfRetries times), and passes on what it returns: Ok records
 * with their new data and partition keys, Dropped records are done, ProcessingFailed and unanswered records go to
 * the {@code processing-failed} error output with their data as it was before. Thread-safe.
 */
final class TransformStage {

    static final String ERROR_OUTPUT_TYPE = "processing-failed";

    private final PipelineEnvironment env;
    private final StreamMetrics metrics;
    private final ObjectDelivery delivery;
    private final BiConsumer<List<DeliveryRecord>, DeliverySettings> next;
    private final Object lock = new Object();
    private List<DeliveryRecord> buffer = new ArrayList<>();
    private DeliverySettings bufferSettings;
    private long bufferBytes;
    private long openedMillis;

    TransformStage(PipelineEnvironment env, StreamMetrics metrics, ObjectDelivery delivery,
            BiConsumer<List<DeliveryRecord>, DeliverySettings> next) {
        this.env = env;
        this.metrics = metrics;
        this.delivery = delivery;
        this.next = next;
    }

    void offer(List<DeliveryRecord> records, DeliverySettings settings) {
        List<Sealed> sealed = new ArrayList<>();
        synchronized (lock) {
            if (bufferSettings != settings && !buffer.isEmpty()) {
                sealed.add(new Sealed(sealLocked(), bufferSettings));
            }
            bufferSettings = settings;
            ProcessingChain.LambdaStep step = settings.processing().lambda();
            for (DeliveryRecord record : records) {
                if (buffer.isEmpty()) {
                    openedMillis = env.clock().millis();
                }
                buffer.add(record);
                bufferBytes += record.data().length;
                if (bufferBytes >= step.bufferBytes()) {
                    sealed.add(new Sealed(sealLocked(), settings));
                }
            }
            if (step.interval().isZero() && !buffer.isEmpty()) {
                sealed.add(new Sealed(sealLocked(), settings));
            }
        }
        for (Sealed batch : sealed) {
            delivery.runOn(env.transforms(), () -> invoke(batch.records(), batch.settings()));
        }
    }

    private record Sealed(List<DeliveryRecord> records, DeliverySettings settings) {
    }

    void tick(long now) {
        List<DeliveryRecord> due = null;
        DeliverySettings settings;
        synchronized (lock) {
            settings = bufferSettings;
            if (!buffer.isEmpty()
                    && now - openedMillis >= settings.processing().lambda().interval().toMillis()) {
                due = sealLocked();
            }
        }
        if (due != null) {
            List<DeliveryRecord> records = due;
            delivery.runOn(env.transforms(), () -> invoke(records, settings));
        }
    }

    void flush() {
        List<DeliveryRecord> due = null;
        DeliverySettings settings;
        synchronized (lock) {
            settings = bufferSettings;
            if (!buffer.isEmpty()) {
                due = sealLocked();
            }
        }
        if (due != null) {
            List<DeliveryRecord> records = due;
            delivery.runOn(env.transforms(), () -> invoke(records, settings));
        }
    }

    private List<DeliveryRecord> sealLocked() {
        List<DeliveryRecord> sealed = buffer;
        buffer = new ArrayList<>();
        bufferBytes = 0;
        return sealed;
    }

    /** Invokes the transformation for one batch and passes its results on. */
    private void invoke(List<DeliveryRecord> records, DeliverySettings settings) {
        ProcessingChain.LambdaStep step = settings.processing().lambda();
        Map<String, DeliveryRecord> byId = new HashMap<>();
        List<InputRecord> inputs = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            DeliveryRecord record = records.get(i);
            String id = record.source().recordId() + "." + i;
            byId.put(id, record);
            inputs.add(new InputRecord(id, record.source().arrivalMillis(), record.data(), metadata(record)));
        }
        RecordTransformer.Request request = new RecordTransformer.Request(UUID.randomUUID().toString(),
                settings.streamArn(), settings.sourceStreamArn(), settings.region(), inputs);
        int attempts = 0;
        String failure = null;
        String code = null;
        RecordTransformer.Response response = null;
        while (response == null && code == null) {
            attempts++;
            long start = System.nanoTime();
            try {
                response = env.transformers().resolve(step.functionArn()).transform(request);
                metrics.time(metrics.processingDuration, System.nanoTime() - start);
                metrics.processingSuccess.record(1);
            } catch (Transformers.NotFoundException e) {
                code = "Lambda.ResourceNotFound";
                failure = "The specified Lambda function does not exist. Use a different function that does exist.";
            } catch (Transformers.ResponseException e) {
                code = "Lambda.JsonProcessingException";
                failure = "There was an error parsing returned records from the Lambda function. Ensure that the "
                        + "returned records follow the status model required by Kinesis Data Firehose.";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = "Lambda.FunctionError";
                failure = "The backend stopped while the function ran.";
            } catch (Exception e) {
                metrics.time(metrics.processingDuration, System.nanoTime() - start);
                metrics.processingSuccess.record(0);
                if (attempts > step.retries()) {
                    code = "Lambda.FunctionError";
                    failure = "The Lambda function was successfully invoked but it returned an error result.";
                }
            }
        }
        if (response != null) {
            accept(response, byId, settings, attempts);
        } else {
            delivery.writeErrors(settings, records, List.of(failure), code, ERROR_OUTPUT_TYPE, attempts,
                    step.functionArn());
        }
    }

    private void accept(RecordTransformer.Response response, Map<String, DeliveryRecord> byId,
            DeliverySettings settings, int attempts) {
        List<DeliveryRecord> ok = new ArrayList<>();
        List<DeliveryRecord> failed = new ArrayList<>();
        long okBytes = 0;
        Map<String, DeliveryRecord> unanswered = new HashMap<>(byId);
        for (OutputRecord out : response.records() == null ? List.<OutputRecord>of() : response.records()) {
            DeliveryRecord record = out.recordId() == null ? null : unanswered.remove(out.recordId());
            if (record == null) {
                continue;
            }
            if (out.result() == RecordTransformer.Result.Ok && out.data() != null) {
                Map<String, String> keys = new java.util.TreeMap<>();
                if (out.metadata() != null && out.metadata().partitionKeys() != null) {
                    out.metadata().partitionKeys().forEach((k, v) -> {
                        if (k != null && v != null) {
                            keys.put(k, v);
                        }
                    });
                }
                ok.add(record.withData(out.data()).withPartitionKeys(keys));
                okBytes += out.data().length;
            } else if (out.result() == RecordTransformer.Result.Dropped) {
                record.batch().done();
            } else {
                failed.add(record);
            }
        }
        metrics.processingRecords.increment(ok.size());
        metrics.processingBytes.increment(okBytes);
        String function = settings.processing().lambda().functionArn();
        if (!failed.isEmpty()) {
            delivery.writeErrors(settings, failed, List.of("ProcessingFailed status set for record"),
                    "Lambda.ProcessingFailedStatus", ERROR_OUTPUT_TYPE, attempts, function);
        }
        if (!unanswered.isEmpty()) {
            delivery.writeErrors(settings, new ArrayList<>(unanswered.values()), List.of("One or more record IDs "
                    + "were not returned. Ensure that the Lambda function returns all received record IDs."),
                    "Lambda.MissingRecordId", ERROR_OUTPUT_TYPE, attempts, function);
        }
        if (!ok.isEmpty()) {
            next.accept(ok, settings);
        }
    }

    private static KinesisRecordMetadata metadata(DeliveryRecord record) {
        SourceRecord.KinesisOrigin origin = record.source().kinesis();
        if (origin == null) {
            return null;
        }
        return new KinesisRecordMetadata(origin.shardId(), origin.partitionKey(), record.source().arrivalMillis(),
                origin.sequenceNumber(), origin.subsequenceNumber());
    }
}
