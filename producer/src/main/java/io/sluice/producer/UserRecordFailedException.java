package io.sluice.producer;

import java.util.List;

/**
 * A user record that was buffered but not put: every attempt it got is attached, each with its error.
 *
 * <p>{@link #reason()} says why it stopped: its time-to-live ran out ({@link Reason#EXPIRED}, retriable), Kinesis
 * gave an error retrying cannot fix ({@link Reason#REJECTED}, fatal), the shard was throttled and the producer is
 * configured to fail at once ({@link Reason#THROTTLED}, retriable), or the producer was closed before it could be
 * put ({@link Reason#CLOSED}, fatal).
 *
 * <p>Immutable and thread-safe.
 */
public final class UserRecordFailedException extends ProducerException {

    private static final long serialVersionUID = 1L;

    /** Why a buffered record was given up on. */
    public enum Reason {
        /** Its time-to-live passed before an attempt succeeded. */
        EXPIRED,
        /** Kinesis answered with an error that retrying cannot fix. */
        REJECTED,
        /** The shard was throttled and fail-if-throttled is on. */
        THROTTLED,
        /** The producer closed before the record could be put. */
        CLOSED
    }

    /** Why the record failed. */
    private final Reason reason;
    private final transient List<Attempt> attempts;

    /**
     * @param reason why the record failed
     * @param message what failed; the attempts' errors are appended
     * @param attempts every attempt made, in order
     */
    public UserRecordFailedException(Reason reason, String message, List<Attempt> attempts) {
        super(message + describe(attempts), reason == Reason.EXPIRED || reason == Reason.THROTTLED);
        this.reason = reason;
        this.attempts = List.copyOf(attempts);
    }

    /**
     * Why the record failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Every attempt made.
     *
     * @return the attempts in order; empty when the record never reached a request
     */
    public List<Attempt> attempts() {
        return attempts;
    }

    private static String describe(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return " (no attempt was made)";
        }
        StringBuilder text = new StringBuilder(" (").append(attempts.size())
                .append(attempts.size() == 1 ? " attempt: " : " attempts: ");
        for (int i = 0; i < attempts.size(); i++) {
            if (i > 0) {
                text.append("; ");
            }
            text.append('#').append(i + 1).append(' ').append(attempts.get(i).describe());
        }
        return text.append(')').toString();
    }
}
