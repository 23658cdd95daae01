package io.sluice.local.internal.api;

import io.sluice.local.internal.protocol.ApiException;
import io.sluice.local.internal.protocol.ErrorCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the action an {@code X-Amz-Target} header names. Immutable and thread-safe. */
public final class ApiRouter {

    private final Map<String, ServiceDefinition> services = new HashMap<>();
    private final Map<String, ForwardedService> forwarded = new HashMap<>();

    public ApiRouter(List<ServiceDefinition> definitions) {
        this(definitions, List.of());
    }

    public ApiRouter(List<ServiceDefinition> definitions, List<ForwardedService> forwardedServices) {
        for (ServiceDefinition definition : definitions) {
            services.put(definition.targetPrefix(), definition);
        }
        for (ForwardedService service : forwardedServices) {
            forwarded.put(service.targetPrefix(), service);
        }
    }

    /** The service a target such as {@code DynamoDB_20120810.PutItem} is passed on to whole, or {@code null}. */
    public ForwardedService forwarded(String target) {
        if (target == null || forwarded.isEmpty()) {
            return null;
        }
        int dot = target.indexOf('.');
        return dot > 0 ? forwarded.get(target.substring(0, dot)) : null;
    }

    /**
     * The action for a target such as {@code Kinesis_20131202.PutRecord}.
     *
     * @throws ApiException {@code UnknownOperationException} when no service answers it
     */
    public Operation<?, ?> route(String target) {
        if (target == null || target.isEmpty()) {
            throw new ApiException(ErrorCode.UNKNOWN_OPERATION, "Missing X-Amz-Target header");
        }
        int dot = target.indexOf('.');
        ServiceDefinition service = dot > 0 ? services.get(target.substring(0, dot)) : null;
        Operation<?, ?> operation = service == null ? null : service.operation(target.substring(dot + 1));
        if (operation == null) {
            throw new ApiException(ErrorCode.UNKNOWN_OPERATION, "Unknown operation: " + target);
        }
        return operation;
    }
}
