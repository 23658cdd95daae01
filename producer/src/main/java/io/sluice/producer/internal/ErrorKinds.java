package io.sluice.producer.internal;

import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Which errors are worth retrying. Per-record errors in a PutRecords answer and whole-request failures are judged
 * by their error code; anything unknown is retried until the record's time-to-live runs out, because giving up
 * early loses data and retrying late only costs time.
 *
 * <p>Stateless and thread-safe.
 */
final class ErrorKinds {

    static final String THROTTLED = "ProvisionedThroughputExceededException";

    /** Errors no retry can fix: the stream, the key or the credentials are wrong. */
    private static final Set<String> FATAL = Set.of("ResourceNotFoundException", "AccessDeniedException",
            "InvalidArgumentException", "ValidationException", "UnrecognizedClientException",
            "InvalidSignatureException", "IncompleteSignature", "MissingAuthenticationToken",
            "KMSDisabledException", "KMSInvalidStateException", "KMSAccessDeniedException", "KMSNotFoundException",
            "KMSOptInRequired", "SerializationException", "UnknownOperationException");

    /** Errors that mean "slow down". */
    private static final Set<String> SLOW_DOWN = Set.of(THROTTLED, "LimitExceededException", "ThrottlingException",
            "Throttling", "RequestLimitExceeded", "SlowDown");

    private ErrorKinds() {
    }

    static boolean fatal(String errorCode) {
        return FATAL.contains(errorCode);
    }

    static boolean slowDown(String errorCode) {
        return SLOW_DOWN.contains(errorCode);
    }

    /** The code of a whole-request failure: the service's error code, else the exception's simple name. */
    static String code(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return cause.getClass().getSimpleName();
    }

    static String message(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return String.valueOf(cause.getMessage());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
