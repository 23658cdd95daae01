package io.sluice.local.internal.protocol;

/**
 * An error the backend answers with on the wire: the AWS error envelope's code and message.
 *
 * <p>Service code throws it; the request handler turns it into a response in one place. Immutable.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public ApiException(ErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    public static ApiException resourceInUse(String message) {
        return new ApiException(ErrorCode.RESOURCE_IN_USE, message);
    }

    public static ApiException invalidArgument(String message) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static ApiException limitExceeded(String message) {
        return new ApiException(ErrorCode.LIMIT_EXCEEDED, message);
    }

    public static ApiException serialization(String message) {
        return new ApiException(ErrorCode.SERIALIZATION, message);
    }
}
