package io.openfinance.identity.it.harness;

import java.nio.file.Path;
import java.util.List;

import io.openfinance.identity.launcher.ProductionBuild;

/** The distribution built for production as an admin builds it ({@code kc.sh build}), once per test run. */
public final class ProductionDistribution {

    /** Build-time options: the database vendor, health and metrics on the management port, the banks' scope feature. */
    public static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true", "--metrics-enabled=true",
            "--features=" + ServerSettings.FEATURE);

    private static Path built;

    private ProductionDistribution() {
    }

    public static synchronized Path home() {
        if (built == null) {
            Path target = Path.of(System.getProperty("keycloak.production.home"));
            built = ProductionBuild.build(Path.of(System.getProperty("keycloak.home")), target, BUILD_OPTIONS,
                    target.resolveSibling("keycloak-production-build.log"));
        }
        return built;
    }
}
