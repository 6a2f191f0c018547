package io.openfinance.identity.it.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives the production classes that need two nodes one shared cluster behind a load balancer: started on first use,
 * stopped when the JUnit run ends. A class that kills a node restarts it; a class that left one down (a failed test)
 * gets it restarted here, so the next class starts from two running nodes.
 */
public final class ClusterExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ProductionCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ProductionCluster cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Started.class, key -> new Started(ProductionCluster.create("cluster", 2)
                        .with(ProductionCluster.EVENTS_TO_LOCALHOST).onPreparedDatabase().started()), Started.class)
                .cluster();
        for (int n = 0; n < cluster.size(); n++) {
            if (!cluster.node(n).isRunning()) {
                cluster.startNode(n);
            }
        }
        return cluster;
    }

    private record Started(ProductionCluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }
}
