package io.openfinance.identity.banks;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.openfinance.identity.bank.Banks;

/**
 * One bank as the catalogue lists it. {@code type} is the identity provider's config key {@value #TYPE}:
 * {@code test} for sandbox banks, anything else or nothing is a live {@code api} bank. {@code iconUrl} is the
 * config key {@value #ICON_URL}. A disabled provider is a bank that is temporarily unavailable.
 */
record CatalogueEntry(String id, String name, String type, @JsonInclude(JsonInclude.Include.ALWAYS) String iconUrl,
                      Map<String, String> status) {

    static final String TYPE = "bankType";
    static final String ICON_URL = "iconUrl";

    static CatalogueEntry of(String alias, String displayName, boolean enabled, Map<String, String> config) {
        String availability = enabled ? "AVAILABLE" : "TEMPORARILY_UNAVAILABLE";
        return new CatalogueEntry(alias, Banks.displayName(alias, displayName),
                BankCatalogue.TEST.equals(config.get(TYPE)) ? BankCatalogue.TEST : BankCatalogue.API,
                config.get(ICON_URL),
                Map.of("auth", availability, "data", availability));
    }
}
