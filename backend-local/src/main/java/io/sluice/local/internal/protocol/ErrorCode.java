package io.sluice.local.internal.protocol;

/**
 * The error codes the backend answers with, each with the HTTP status AWS pairs it with.
 *
 * <p>The code is what goes in {@code __type}; the SDKs map it to their exception classes.
 */
public enum ErrorCode {
    ACCESS_DENIED("AccessDeniedException", 400),
    /** A request that is not a POST: AWS cannot tell the action, so it cannot authorize it. */
    ACCESS_DENIED_NO_OPERATION("AccessDeniedException", 403),
    /** Analytics: application code that cannot run. */
    CODE_VALIDATION("CodeValidationException", 400),
    /** Firehose: UpdateDestination named a version that is no longer current. */
    CONCURRENT_MODIFICATION("ConcurrentModificationException", 400),
    EXPIRED_ITERATOR("ExpiredIteratorException", 400),
    EXPIRED_NEXT_TOKEN("ExpiredNextTokenException", 400),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    INTERNAL_FAILURE("InternalFailure", 500),
    /** The name of an internal failure inside a SubscribeToShard event stream. */
    INTERNAL_FAILURE_EXCEPTION("InternalFailureException", 500),
    /** Analytics: an application that cannot start as configured. */
    INVALID_APPLICATION_CONFIGURATION("InvalidApplicationConfigurationException", 400),
    INVALID_ARGUMENT("InvalidArgumentException", 400),
    INVALID_SIGNATURE("InvalidSignatureException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLargeException", 413),
    RESOURCE_IN_USE("ResourceInUseException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    SERIALIZATION("SerializationException", 400),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
    /** Firehose's name for a throttled put. */
    SERVICE_UNAVAILABLE_EXCEPTION("ServiceUnavailableException", 503),
    /** Analytics: too many tags on an application. */
    TOO_MANY_TAGS("TooManyTagsException", 400),
    /** Analytics: DiscoverInputSchema found nothing it could read. */
    UNABLE_TO_DETECT_SCHEMA("UnableToDetectSchemaException", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    /** A body in neither AWS JSON 1.1 nor CBOR: AWS answers 404, as no action takes that encoding. */
    UNKNOWN_CONTENT_TYPE("UnknownOperationException", 404),
    VALIDATION("ValidationException", 400);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The name on the wire, as in {@code __type}. */
    public String code() {
        return code;
    }

    /** The HTTP status of a response carrying this error. */
    public int httpStatus() {
        return httpStatus;
    }
}
