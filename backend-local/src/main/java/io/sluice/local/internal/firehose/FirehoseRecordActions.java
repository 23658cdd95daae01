package io.sluice.local.internal.firehose;

import io.sluice.local.internal.api.RequestContext;
import io.sluice.local.internal.firehose.model.FirehoseModel.PutRecordBatchRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.PutRecordBatchResponse;
import io.sluice.local.internal.firehose.model.FirehoseModel.PutRecordBatchResponseEntry;
import io.sluice.local.internal.firehose.model.FirehoseModel.PutRecordRequest;
import io.sluice.local.internal.firehose.model.FirehoseModel.PutRecordResponse;
import io.sluice.local.internal.firehose.model.FirehoseModel.Record;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import io.sluice.local.internal.protocol.Validator;
import java.util.ArrayList;
import java.util.List;

/**
 * PutRecord and PutRecordBatch: at most 500 records and 4 MiB a call, 1,000 KiB a record. A record is
 * acknowledged once it is in the delivery stream's log. When deliveries are behind, records are refused with
 * ServiceUnavailableException ("Slow down."), per record in PutRecordBatch. Thread-safe.
 */
final class FirehoseRecordActions {

    static final int MAX_RECORD_BYTES = 1_024_000;
    static final int MAX_BATCH_RECORDS = 500;
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    static final String SLOW_DOWN = "Slow down.";

    private final FirehoseLocator locator;

    FirehoseRecordActions(FirehoseLocator locator) {
        this.locator = locator;
    }

    PutRecordResponse putRecord(RequestContext ctx, PutRecordRequest in) {
        Validator v = FirehoseLocator.name(new Validator(), in.deliveryStreamName()).object("record", in.record(),
                true);
        if (in.record() != null) {
            v.blob("record.data", in.record().data(), true, 0, MAX_RECORD_BYTES);
        }
        v.throwIfInvalid();
        DeliveryStream stream = writable(ctx, in.deliveryStreamName());
        List<String> ids = stream.pipeline().accept(List.of(in.record().data()), ctx.now().toEpochMilli(), false);
        if (ids == null) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE_EXCEPTION, SLOW_DOWN);
        }
        locator.registry().taps().accepted(ctx.region(), in.deliveryStreamName(), List.of(in.record().data()),
                ctx.now().toEpochMilli());
        return new PutRecordResponse(ids.get(0), encrypted(stream));
    }

    PutRecordBatchResponse putRecordBatch(RequestContext ctx, PutRecordBatchRequest in) {
        Validator v = FirehoseLocator.name(new Validator(), in.deliveryStreamName())
                .list("records", in.records(), true, 1, MAX_BATCH_RECORDS, "Record");
        long total = 0;
        if (in.records() != null) {
            for (int i = 0; i < in.records().size(); i++) {
                Record record = in.records().get(i);
                v.object("records." + (i + 1) + ".member", record, true);
                if (record != null) {
                    v.blob("records." + (i + 1) + ".member.data", record.data(), true, 0, MAX_RECORD_BYTES);
                    total += record.data() == null ? 0 : record.data().length;
                }
            }
        }
        v.throwIfInvalid();
        if (total > MAX_BATCH_BYTES) {
            throw ApiException.invalidArgument("Records size exceeds 4 MB limit");
        }
        DeliveryStream stream = writable(ctx, in.deliveryStreamName());
        List<byte[]> data = new ArrayList<>(in.records().size());
        in.records().forEach(r -> data.add(r.data()));
        List<String> ids = stream.pipeline().accept(data, ctx.now().toEpochMilli(), true);
        if (ids != null) {
            locator.registry().taps().accepted(ctx.region(), in.deliveryStreamName(), data, ctx.now().toEpochMilli());
        }
        List<PutRecordBatchResponseEntry> entries = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            entries.add(ids == null ? new PutRecordBatchResponseEntry(null, "ServiceUnavailableException",
                    SLOW_DOWN) : new PutRecordBatchResponseEntry(ids.get(i), null, null));
        }
        return new PutRecordBatchResponse(ids == null ? data.size() : 0, encrypted(stream), entries);
    }

    private DeliveryStream writable(RequestContext ctx, String name) {
        DeliveryStream stream = locator.requireActive(ctx, name);
        if (stream.state().readsStream()) {
            throw ApiException.invalidArgument("This operation is not permitted on KinesisStreamAsSource delivery "
                    + "stream type.");
        }
        return stream;
    }

    private static boolean encrypted(DeliveryStream stream) {
        DeliveryStreamState.Encryption encryption = stream.state().encryption();
        return encryption != null && "ENABLED".equals(encryption.status());
    }
}
