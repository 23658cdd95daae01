package io.sluice.local.internal.firehose;

import io.sluice.local.internal.firehose.model.DestinationModel.EncryptionInput;
import io.sluice.local.internal.firehose.model.DestinationModel.Tag;
import io.sluice.local.internal.protocol.Validator;
import java.util.List;
import java.util.regex.Pattern;

/** The API model's constraints on tags and on encryption input. Stateless. */
final class FirehoseTags {

    /** Tags allowed per delivery stream, and per call. */
    static final int LIMIT = 50;
    static final Pattern KEY = Pattern.compile("^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$");
    static final Pattern VALUE = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$");

    private FirehoseTags() {
    }

    static Validator validate(Validator v, String path, List<Tag> tags, boolean required) {
        v.list(path, tags, required, 1, LIMIT, "Tag");
        if (tags != null) {
            for (int i = 0; i < tags.size(); i++) {
                Tag tag = tags.get(i);
                String at = path + "." + (i + 1) + ".member";
                v.string(at + ".key", tag.key(), true, 1, 128, KEY)
                        .string(at + ".value", tag.value(), false, 0, 256, VALUE);
            }
        }
        return v;
    }

    static Validator keys(Validator v, List<String> keys) {
        v.list("tagKeys", keys, true, 1, LIMIT, "TagKey");
        if (keys != null) {
            for (int i = 0; i < keys.size(); i++) {
                v.string("tagKeys." + (i + 1) + ".member", keys.get(i), true, 1, 128, KEY);
            }
        }
        return v;
    }

    static Validator encryption(Validator v, String path, EncryptionInput input) {
        if (input == null) {
            return v;
        }
        return v.enumeration(path + ".keyType", input.keyType(), true,
                List.of("AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"))
                .string(path + ".keyARN", input.keyArn(), false, 1, 512, Pattern.compile("arn:.*"));
    }

    /** The encryption a CreateDeliveryStream or StartDeliveryStreamEncryption input turns on. */
    static DeliveryStreamState.Encryption encryption(EncryptionInput input) {
        String type = input.keyType() == null ? "AWS_OWNED_CMK" : input.keyType();
        return new DeliveryStreamState.Encryption(type, input.keyArn(), "ENABLED");
    }
}
