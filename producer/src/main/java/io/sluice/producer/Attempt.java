package io.sluice.producer;

import java.time.Duration;

/**
 * One PutRecords attempt made for a user record, as the KPL reports attempts.
 *
 * @param delay how long the record waited before this attempt: since it was added for the first attempt, since
 *     the previous attempt ended otherwise
 * @param duration how long the request took
 * @param errorCode the error Kinesis (or the transport) gave, or {@code null} when the attempt succeeded
 * @param errorMessage the error's message, or {@code null} when the attempt succeeded
 * @param successful whether the record was put by this attempt
 */
public record Attempt(Duration delay, Duration duration, String errorCode, String errorMessage, boolean successful) {

    /**
     * The attempt in a few words.
     *
     * @return {@code code: message} for a failed attempt, {@code success} otherwise
     */
    public String describe() {
        return successful ? "success" : errorCode + ": " + errorMessage;
    }
}
