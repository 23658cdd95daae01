/**
 * The Netty server: protocol sniffing (HTTP/2 prior knowledge or HTTP/1.1), stock codecs, body limits, and the one
 * handler that turns a request into an action call and its result or error into a response.
 */
package io.sluice.local.internal.server;
