package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.junit.LocalBackendExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Clients that misbehave do not stop the backend serving others: a thousand idle connections (HTTP/1.1 and
 * HTTP/2), a client that sends its request a byte at a time, connections closed halfway through a request, and
 * bodies over the limit, with and without a declared length.
 */
class ConnectionAbuseTest {

    static final int BODY_LIMIT = 64 * 1024;

    @RegisterExtension
    static final LocalBackendExtension BACKEND = LocalBackendExtension.configured(b -> b
            .createDelay(Duration.ZERO).maxRequestBytes(BODY_LIMIT));

    static KinesisClient kinesis;
    static KinesisAsyncClient async;

    @BeforeAll
    static void connect() {
        kinesis = ClientKind.SYNC_JSON.create(BACKEND.clients());
        async = ClientKind.ASYNC_HTTP2_CBOR.createAsync(BACKEND.clients());
        kinesis.createStream(b -> b.streamName("abused").shardCount(1));
    }

    @AfterAll
    static void disconnect() {
        kinesis.close();
        async.close();
    }

    private static Socket open() throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", BACKEND.backend().port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void serves() throws Exception {
        kinesis.putRecord(b -> b.streamName("abused").partitionKey("k").data(SdkBytes.fromUtf8String("still here")));
        assertThat(async.listStreams().get(10, TimeUnit.SECONDS).streamNames()).contains("abused");
    }

    @Test
    void aThousandIdleConnectionsDoNotStopOthersBeingServed() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1_000; i++) {
                Socket socket = open();
                if (i % 2 == 1) {
                    // Half of them are HTTP/2 connections that sent the preface and nothing more.
                    socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
                idle.add(socket);
            }
            long started = System.nanoTime();
            serves();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        serves();
    }

    @Test
    void aClientSendingAByteAtATimeHoldsUpOnlyItself() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Length: " + body.length + "\r\n\r\n{}")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket slow = open()) {
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    for (byte b : request) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(5);
                    }
                    return readResponse(slow.getInputStream());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Served many times over while the slow request trickles in.
            for (int i = 0; i < 20; i++) {
                serves();
            }
            assertThat(answer.isDone()).isFalse();
            assertThat(answer.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").contains("StreamNames");
        }
    }

    @Test
    void connectionsClosedHalfwayThroughARequestLeaveNothingBehind() throws Exception {
        String head = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: Kinesis_20131202.PutRecord\r\nContent-Length: 5000\r\n\r\n"
                + "{\"StreamName\":\"abused\",\"PartitionKey\":\"k\",\"Data\":\"";
        for (int i = 0; i < 200; i++) {
            try (Socket socket = open()) {
                byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
                // Cut at a different point each time: in the request line, the headers or the body.
                socket.getOutputStream().write(bytes, 0, 1 + (i * 7) % bytes.length);
                socket.getOutputStream().flush();
                if (i % 3 == 0) {
                    socket.setSoLinger(true, 0); // a reset instead of an orderly close
                }
            }
        }
        try (Socket h2 = open()) {
            h2.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1));
        }
        serves();
        // The half-sent records were never acknowledged, so none was stored.
        assertThat(ShardReads.readAll(kinesis, "abused", "shardId-000000000000"))
                .allSatisfy(r -> assertThat(r.data().asUtf8String()).isEqualTo("still here"));
    }

    @Test
    void bodiesOverTheLimitAreRefusedWithOrWithoutADeclaredLength() throws Exception {
        try (Socket socket = open()) {
            String declared = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: Kinesis_20131202.PutRecord\r\nContent-Length: 100000000\r\n\r\n";
            socket.getOutputStream().write(declared.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 413")
                    .contains("RequestEntityTooLargeException");
        }
        try (Socket socket = open()) {
            String chunked = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: Kinesis_20131202.PutRecord\r\nTransfer-Encoding: chunked\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(chunked.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            String response = null;
            try {
                for (int i = 0; i < 16; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (java.io.IOException closedByServer) {
                // The server may answer and close while the client is still sending: that is the point.
            }
            response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
        }
        serves();
    }

    /** Reads one HTTP/1.1 response whose body has a Content-Length. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            text.append((char) c);
            if (text.length() >= 4 && text.substring(text.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String head = text.toString();
        int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
        if (at >= 0) {
            int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).trim());
            text.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
