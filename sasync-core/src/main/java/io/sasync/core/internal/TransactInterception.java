package io.sasync.core.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import com.google.inject.matcher.Matchers;
import com.google.inject.name.Names;
import com.google.inject.spi.TypeEncounter;
import com.google.inject.spi.TypeListener;
import io.sasync.Broker;
import io.sasync.Priority;
import io.sasync.RetryPolicy;
import io.sasync.TransactOptions;
import io.sasync.Transact;
import io.sasync.Work;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/**
 * Makes {@link Transact @Transact} methods run as queued transactions. A type listener checks
 * every type the injector builds: each {@code @Transact} method must return
 * {@code CompletableFuture} or {@code CompletionStage}, have a niceness in range, be
 * interceptable, and name a bound database; every mistake is reported when the injector is
 * created. Installed once per injector however many {@code SAsyncModule}s there are (all
 * instances are equal, so Guice de-duplicates them).
 */
public final class TransactInterception extends AbstractModule {

    /**
     * @param type a bound type
     * @param name a database name, or {@code null} for the unnamed database
     * @param <T>  the type
     * @return the binding key of that type for that database
     */
    public static <T> Key<T> key(Class<T> type, String name) {
        return name == null || name.isEmpty() ? Key.get(type) : Key.get(type, Names.named(name));
    }

    @Override
    protected void configure() {
        bindListener(Matchers.any(), new TypeListener() {
            @Override
            public <I> void hear(TypeLiteral<I> type, TypeEncounter<I> encounter) {
                Map<Method, Binding> bindings = new HashMap<>();
                for (Class<?> c = type.getRawType(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Method method : c.getDeclaredMethods()) {
                        Transact transact = method.getAnnotation(Transact.class);
                        if (transact != null && check(method, transact, encounter)) {
                            bindings.put(method, new Binding(options(transact),
                                    encounter.getProvider(key(Broker.class, transact.database())),
                                    method.getDeclaringClass().getSimpleName() + "." + method.getName()));
                        }
                    }
                }
                if (!bindings.isEmpty()) {
                    encounter.bindInterceptor(Matchers.annotatedWith(Transact.class), new Interceptor(bindings));
                }
            }
        });
    }

    private static boolean check(Method method, Transact transact, TypeEncounter<?> encounter) {
        String where = method.getDeclaringClass().getName() + "." + method.getName() + "()";
        boolean ok = true;
        Class<?> returns = method.getReturnType();
        if (returns != CompletableFuture.class && returns != CompletionStage.class) {
            encounter.addError("@Transact method %s must return CompletableFuture or CompletionStage, not %s",
                    where, returns.getName());
            ok = false;
        }
        if (transact.niceness() < Priority.MIN_NICENESS || transact.niceness() > Priority.MAX_NICENESS) {
            encounter.addError("@Transact method %s has niceness %s; it must be between %s and %s",
                    where, transact.niceness(), Priority.MIN_NICENESS, Priority.MAX_NICENESS);
            ok = false;
        }
        if (transact.attempts() < 1) {
            encounter.addError("@Transact method %s has attempts %s; it must be at least 1", where, transact.attempts());
            ok = false;
        }
        if (transact.timeoutMillis() < 0) {
            encounter.addError("@Transact method %s has a negative timeoutMillis %s", where, transact.timeoutMillis());
            ok = false;
        }
        int modifiers = method.getModifiers();
        if (Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
            encounter.addError("@Transact method %s cannot be intercepted: it must not be private, static or final",
                    where);
            ok = false;
        }
        return ok;
    }

    private record Binding(TransactOptions options, Provider<Broker> broker, String name) {
    }

    private static TransactOptions options(Transact transact) {
        TransactOptions options = TransactOptions.of(Priority.of(transact.niceness()));
        if (transact.attempts() > 1) {
            options = options.withRetry(RetryPolicy.attempts(transact.attempts()));
        }
        if (transact.timeoutMillis() > 0) {
            options = options.withTimeout(Duration.ofMillis(transact.timeoutMillis()));
        }
        options = options.withIsolation(transact.isolation());
        if (transact.readOnly()) {
            options = options.readOnly();
        }
        if (transact.savepoint()) {
            options = options.inSavepoint();
        }
        if (transact.standby()) {
            options = options.onStandby();
        }
        return options;
    }

    private static final class Interceptor implements MethodInterceptor {
        private final Map<Method, Binding> bindings;

        Interceptor(Map<Method, Binding> bindings) {
            this.bindings = bindings;
        }

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            Binding binding = bindings.get(invocation.getMethod());
            if (binding == null) {
                return invocation.proceed();
            }
            return binding.broker.get().transact(binding.options, Work.named(binding.name, session -> {
                Object result;
                try {
                    result = invocation.proceed();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(binding.name + " threw " + t, t);
                }
                return result == null ? null : ((CompletionStage<?>) result).toCompletableFuture().join();
            }));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactInterception;
    }

    @Override
    public int hashCode() {
        return TransactInterception.class.hashCode();
    }
}
