package io.sluice.local.internal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads typed requests from, and writes typed responses to, AWS JSON 1.1 or CBOR bodies.
 *
 * <p>This is the only place that knows the two encodings apart: services see records. Scalars are not coerced
 * (a string where a number belongs is a {@code SerializationException}, as AWS answers), unknown members are
 * ignored, and {@code null} members are left out of responses. Thread-safe.
 */
public final class ApiCodec {

    private final ObjectMapper json;
    private final ObjectMapper cbor;

    public ApiCodec() {
        this.json = configure(JsonMapper.builder(JsonFactory.builder()
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build()).build());
        this.cbor = configure(CBORMapper.builder(new CBORFactory()).build());
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(AwsTimestamps.module());
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Reads a request body. An empty body reads as an empty request, as AWS treats it.
     *
     * @throws ApiException {@code SerializationException} when the body is not a well-formed request of this type
     */
    public <T> T read(WireFormat format, byte[] body, int offset, int length, Class<T> type) {
        ObjectMapper mapper = mapper(format);
        try {
            if (length == 0) {
                return mapper.readValue(format == WireFormat.JSON ? new byte[] {'{', '}'} : new byte[] {(byte) 0xA0},
                        type);
            }
            T value = mapper.readValue(body, offset, length, type);
            if (value == null) {
                throw ApiException.serialization("The request body must be a structure");
            }
            return value;
        } catch (JacksonException e) {
            ApiException cause = findApiException(e);
            if (cause != null) {
                throw cause;
            }
            throw ApiException.serialization(describe(e));
        } catch (IOException e) {
            throw ApiException.serialization(e.getMessage());
        }
    }

    /** Writes a response into a stream, such as one over a pooled buffer. */
    public void write(WireFormat format, Object value, java.io.OutputStream out) {
        try {
            mapper(format).writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a response (or an error envelope) in the given encoding. */
    public byte[] write(WireFormat format, Object value) {
        try {
            return mapper(format).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapper for one encoding, for callers that stream. */
    public ObjectMapper mapper(WireFormat format) {
        return format == WireFormat.CBOR ? cbor : json;
    }

    private static ApiException findApiException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        StringBuilder path = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            for (var ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        }
        String firstLine = message == null ? "Malformed request body" : message.lines().findFirst().orElse(message);
        return path.length() == 0 ? firstLine : "Could not read member '" + path + "': " + firstLine;
    }
}
