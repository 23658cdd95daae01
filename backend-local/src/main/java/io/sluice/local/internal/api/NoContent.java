package io.sluice.local.internal.api;

/** The result of an action whose response has no members: the body is empty, as AWS sends it. */
public enum NoContent {
    INSTANCE
}
