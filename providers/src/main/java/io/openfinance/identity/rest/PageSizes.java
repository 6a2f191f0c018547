package io.openfinance.identity.rest;

import org.keycloak.Config;

/** The {@code limit} a list answers when none is asked, and the largest it accepts. */
public record PageSizes(int defaultSize, int max) {

    public static final PageSizes DEFAULT = new PageSizes(100, 1000);
    /** Keycloak's names for {@code default-page-size} and {@code max-page-size}. */
    static final String DEFAULT_KEY = "defaultPageSize";
    static final String MAX_KEY = "maxPageSize";

    /**
     * {@code --spi-realm-restapi-extension--<resource>--default-page-size} and {@code ...--max-page-size}.
     *
     * @throws IllegalStateException naming the options, so that the server does not start with sizes it cannot serve
     */
    static PageSizes from(Config.Scope config, String resource) {
        int defaultSize = number(config, DEFAULT_KEY, DEFAULT.defaultSize(), resource, "default-page-size");
        int max = number(config, MAX_KEY, DEFAULT.max(), resource, "max-page-size");
        if (defaultSize < 1 || max < defaultSize) {
            throw new IllegalStateException("%s (%d) must be at least 1 and at most %s (%d)".formatted(
                    option(resource, "default-page-size"), defaultSize, option(resource, "max-page-size"), max));
        }
        return new PageSizes(defaultSize, max);
    }

    private static int number(Config.Scope config, String key, int absent, String resource, String option) {
        try {
            return config.getInt(key, absent);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(option(resource, option) + " must be a whole number: " + config.get(key));
        }
    }

    private static String option(String resource, String name) {
        return "--spi-realm-restapi-extension--" + resource + "--" + name;
    }
}
