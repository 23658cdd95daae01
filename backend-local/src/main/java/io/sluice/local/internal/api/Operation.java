package io.sluice.local.internal.api;

/**
 * One action of a service: the type its input decodes to and the method that answers it.
 *
 * @param <I> the request type
 * @param <O> the response type
 */
public record Operation<I, O>(String name, Class<I> inputType, Handler<I, O> handler) {

    /** The action's implementation; it throws {@code ApiException} for errors AWS models. */
    @FunctionalInterface
    public interface Handler<I, O> {
        O handle(RequestContext context, I input);
    }

    /** Answers an input already decoded to {@link #inputType()}. */
    public Object invoke(RequestContext context, Object input) {
        return handler.handle(context, inputType.cast(input));
    }
}
