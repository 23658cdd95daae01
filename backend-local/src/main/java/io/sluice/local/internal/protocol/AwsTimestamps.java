package io.sluice.local.internal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as AWS puts them on the wire.
 *
 * <p>JSON carries epoch seconds with a fraction ({@code 1795441040.391}). CBOR carries tag 1 followed by an integer
 * of epoch <em>milliseconds</em>: that is what the AWS SDKs write and expect, although RFC 8949 says seconds. A
 * server that answered seconds in CBOR would make the SDK read dates in 1970.
 */
public final class AwsTimestamps {

    private static final int CBOR_EPOCH_TAG = 1;

    private AwsTimestamps() {
    }

    /** A Jackson module reading and writing {@link Instant} in both encodings. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("aws-timestamps");
        module.addSerializer(Instant.class, new Writer());
        module.addDeserializer(Instant.class, new Reader());
        return module;
    }

    /**
     * Writes epoch seconds with three decimals ({@code 1795441040.391}), as JSON carries them, into {@code out}
     * (24 chars are enough) and returns the length: GetRecords writes one per record, without a String each.
     */
    public static int epochSeconds(long epochMillis, char[] out) {
        int at = 0;
        long magnitude = epochMillis;
        if (epochMillis < 0) {
            out[at++] = '-';
            magnitude = -epochMillis;
        }
        long seconds = magnitude / 1000;
        int millis = (int) (magnitude % 1000);
        int digits = seconds == 0 ? 1 : (int) Math.log10(seconds) + 1;
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (char) ('0' + seconds % 10);
            seconds /= 10;
        }
        at += digits;
        out[at++] = '.';
        out[at++] = (char) ('0' + millis / 100);
        out[at++] = (char) ('0' + millis / 10 % 10);
        out[at++] = (char) ('0' + millis % 10);
        return at;
    }

    /** Epoch seconds with millisecond precision, as JSON writes them. */
    public static BigDecimal toEpochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static final class Writer extends StdScalarSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen instanceof CBORGenerator cbor) {
                cbor.writeTag(CBOR_EPOCH_TAG);
                cbor.writeNumber(value.toEpochMilli());
            } else {
                gen.writeNumber(toEpochSeconds(value));
            }
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken token = p.currentToken();
            boolean cbor = p instanceof CBORParser;
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return cbor ? Instant.ofEpochMilli(p.getLongValue()) : Instant.ofEpochSecond(p.getLongValue());
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal number = p.getDecimalValue();
                BigDecimal millis = cbor ? number : number.movePointRight(3);
                return Instant.ofEpochMilli(millis.setScale(0, RoundingMode.FLOOR).longValueExact());
            }
            if (token == JsonToken.VALUE_STRING) {
                return parseText(p.getText());
            }
            throw ApiException.serialization("Expected a timestamp (a number of epoch seconds) but found " + token);
        }

        private static Instant parseText(String text) {
            try {
                BigDecimal seconds = new BigDecimal(text.trim());
                return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
            } catch (NumberFormatException | ArithmeticException notANumber) {
                try {
                    return Instant.parse(text.trim());
                } catch (DateTimeParseException notIso) {
                    throw ApiException.serialization("Could not parse '" + text + "' as a timestamp");
                }
            }
        }
    }
}
