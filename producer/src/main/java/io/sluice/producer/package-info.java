/**
 * The producer library (the KPL's role) in pure Java: {@link io.sluice.producer.KinesisProducer} aggregates user
 * records into KPL-compatible Kinesis records, batches them into PutRecords calls, paces each shard, retries with
 * exponential backoff and full jitter, and bounds its memory with back-pressure. Configure it with
 * {@link io.sluice.producer.ProducerConfig}, or from a KPL {@code .properties} file.
 */
package io.sluice.producer;
