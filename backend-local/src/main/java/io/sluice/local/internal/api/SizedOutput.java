package io.sluice.local.internal.api;

/**
 * An action's output that can tell roughly how large it will be on the wire, so the response buffer is allocated
 * once instead of grown (and copied) step by step: GetRecords answers reach megabytes.
 */
public interface SizedOutput {

    /** About how many bytes the output takes in JSON (the larger encoding); a little over is better than under. */
    int estimatedBytes();
}
