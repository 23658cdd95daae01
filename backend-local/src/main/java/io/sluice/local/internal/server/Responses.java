package io.sluice.local.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.local.internal.protocol.ApiCodec;
import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.Unicode;
import io.sluice.local.internal.protocol.WireFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the backend's HTTP responses; the AWS error envelope is made here and nowhere else. */
final class Responses {

    private static final String ERROR_TYPE = "x-amzn-ErrorType";

    private Responses() {
    }

    static FullHttpResponse ok(ByteBuf body, WireFormat format, String requestId) {
        return response(HttpResponseStatus.OK, body, format, requestId);
    }

    /** The envelope {@code {"__type": code, "message": text}} in the request's encoding, with AWS's status. */
    static FullHttpResponse error(ApiCodec codec, WireFormat format, ApiException error, String requestId) {
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("__type", error.errorCode().code());
        // Messages may echo client input, which need not be well-formed Unicode; the envelope must still encode.
        envelope.put("message", Unicode.repaired(error.getMessage()));
        FullHttpResponse response = response(HttpResponseStatus.valueOf(error.errorCode().httpStatus()),
                Unpooled.wrappedBuffer(codec.write(format, envelope)), format, requestId);
        response.headers().set(ERROR_TYPE, error.errorCode().code());
        return response;
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, WireFormat format,
            String requestId) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, format.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(ApiHandler.REQUEST_ID, requestId);
        return response;
    }
}
