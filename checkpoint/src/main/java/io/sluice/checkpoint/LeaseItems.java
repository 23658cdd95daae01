package io.sluice.checkpoint;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts leases to and from DynamoDB items in the KCL 2.x layout. Absent optional attributes stay absent
 * (DynamoDB has no empty string sets), and attributes this layout does not know are ignored, so a KCL table reads.
 *
 * <p>Stateless and thread-safe.
 */
final class LeaseItems {

    private LeaseItems() {
    }

    static Map<String, AttributeValue> toItem(Lease lease) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LeaseStore.KEY, AttributeValue.fromS(lease.leaseKey()));
        if (lease.owner() != null) {
            item.put(LeaseStore.OWNER, AttributeValue.fromS(lease.owner()));
        }
        item.put(LeaseStore.COUNTER, LeaseStore.number(lease.counter()));
        item.put(LeaseStore.CHECKPOINT, AttributeValue.fromS(lease.checkpoint().sequenceNumber()));
        item.put(LeaseStore.CHECKPOINT_SUB, LeaseStore.number(lease.checkpoint().subSequenceNumber()));
        if (lease.pendingCheckpoint() != null) {
            item.put(LeaseStore.PENDING, AttributeValue.fromS(lease.pendingCheckpoint().sequenceNumber()));
            item.put(LeaseStore.PENDING_SUB, LeaseStore.number(lease.pendingCheckpoint().subSequenceNumber()));
        }
        byte[] state = lease.pendingCheckpointState();
        if (state != null) {
            item.put(LeaseStore.PENDING_STATE, AttributeValue.fromB(SdkBytes.fromByteArray(state)));
        }
        item.put(LeaseStore.OWNER_SWITCHES, LeaseStore.number(lease.ownerSwitchesSinceCheckpoint()));
        if (!lease.parentShardIds().isEmpty()) {
            item.put(LeaseStore.PARENTS, AttributeValue.fromSs(lease.parentShardIds().stream().sorted().toList()));
        }
        if (!lease.childShardIds().isEmpty()) {
            item.put(LeaseStore.CHILDREN, AttributeValue.fromSs(lease.childShardIds().stream().sorted().toList()));
        }
        if (lease.startingHashKey() != null) {
            item.put(LeaseStore.STARTING_HASH_KEY, AttributeValue.fromS(lease.startingHashKey()));
        }
        if (lease.endingHashKey() != null) {
            item.put(LeaseStore.ENDING_HASH_KEY, AttributeValue.fromS(lease.endingHashKey()));
        }
        return item;
    }

    static Lease fromItem(Map<String, AttributeValue> item) {
        return new Lease(
                string(item, LeaseStore.KEY),
                string(item, LeaseStore.OWNER),
                number(item, LeaseStore.COUNTER),
                checkpoint(item, LeaseStore.CHECKPOINT, LeaseStore.CHECKPOINT_SUB),
                checkpoint(item, LeaseStore.PENDING, LeaseStore.PENDING_SUB),
                item.containsKey(LeaseStore.PENDING_STATE) ? item.get(LeaseStore.PENDING_STATE).b().asByteArray()
                        : null,
                number(item, LeaseStore.OWNER_SWITCHES),
                strings(item, LeaseStore.PARENTS),
                strings(item, LeaseStore.CHILDREN),
                string(item, LeaseStore.STARTING_HASH_KEY),
                string(item, LeaseStore.ENDING_HASH_KEY));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Checkpoint checkpoint(Map<String, AttributeValue> item, String name, String subName) {
        String sequence = string(item, name);
        return sequence == null ? null : new Checkpoint(sequence, number(item, subName));
    }

    private static Set<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }
}
