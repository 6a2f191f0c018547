package io.openfinance.identity.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.openfinance.identity.launcher.FileTrees;

/**
 * Gives the classes that stop a server, read its database and start it again one such server of their own, shared by
 * them (production: one first start for all of them): made on first use, running whenever handed over, stopped when
 * the JUnit run ends. Each class's tests work on partners and connections of their own.
 */
public final class RestartableServerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RestartableServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RestartableServer server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Shared.class, key -> new Shared(create()), Shared.class)
                .server();
        if (!server.isRunning()) {
            server.start();
        }
        return server;
    }

    /** Development mode's database file in a folder made afresh under target/. */
    private static RestartableServer create() {
        Path scratch = Path.of(System.getProperty("server.log")).resolveSibling("restartable-server");
        FileTrees.delete(scratch);
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RestartableServer.create("restartable", scratch);
    }

    private record Shared(RestartableServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
