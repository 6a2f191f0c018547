package io.openfinance.identity.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.openfinance.identity.data.DataApiResourceProviderFactory;
import io.openfinance.identity.users.UsersResourceProviderFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

/** Keycloak hands each factory its {@code --spi-realm-restapi-extension--<id>--…} options as a {@link Config.Scope}. */
class PagedRealmResourceFactoryTest {

    private static final AtomicInteger SCOPES = new AtomicInteger();

    @Test
    void withoutSettingsTheSizesAreAHundredAndAThousand() {
        PagedRealmResourceFactory users = new UsersResourceProviderFactory();
        users.init(scope(Map.of()));
        assertEquals(new PageSizes(100, 1000), users.pageSizes());
    }

    @Test
    void eachResourceTakesItsOwnSettings() {
        PagedRealmResourceFactory data = new DataApiResourceProviderFactory();
        data.init(scope(Map.of("defaultPageSize", "25", "maxPageSize", "250")));
        assertEquals(new PageSizes(25, 250), data.pageSizes());
    }

    @Test
    void sizesTheServerCannotServeStopItsStartWithTheOptionsNamed() {
        for (Map<String, String> settings : new Map[]{Map.of("maxPageSize", "50"), Map.of("defaultPageSize", "0"),
                Map.of("maxPageSize", "0", "defaultPageSize", "0"), Map.of("defaultPageSize", "-5"),
                Map.of("maxPageSize", "lots")}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new UsersResourceProviderFactory().init(scope(settings)), settings.toString());
            assertTrue(refused.getMessage().contains("--spi-realm-restapi-extension--users--"), refused.getMessage());
        }
    }

    @Test
    void theOptionsAreDeclaredToKeycloak() {
        assertEquals(Map.of("defaultPageSize", "100", "maxPageSize", "1000"), new DataApiResourceProviderFactory()
                .getConfigMetadata().stream().collect(java.util.stream.Collectors.toMap(ProviderConfigProperty::getName,
                        p -> String.valueOf(p.getDefaultValue()))));
    }

    /** Keycloak's own scope over system properties, each test under a prefix of its own. */
    private static Config.Scope scope(Map<String, String> settings) {
        String prefix = "paged-resource-test." + SCOPES.incrementAndGet() + ".";
        settings.forEach((key, value) -> System.setProperty(prefix + key, value));
        return new Config.SystemPropertiesScope(prefix);
    }
}
