package io.openfinance.identity.banks;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.openfinance.identity.bank.Bank;
import org.keycloak.models.IdentityProviderModel;

/**
 * One bank as the catalogue lists it, read from its identity provider alone (no further lookups, so
 * listing hundreds stays one query). {@code type} is the config key {@value #TYPE}: {@code test} for
 * sandbox banks, anything else or nothing is a live {@code api} bank. {@code iconUrl} is the config key {@value #ICON_URL}.
 */
record CatalogueEntry(String id, String name, String type, @JsonInclude(JsonInclude.Include.ALWAYS) String iconUrl,
                      Map<String, String> status) {

    static final String TYPE = "bankType";
    static final String ICON_URL = "iconUrl";

    static CatalogueEntry of(IdentityProviderModel bank) {
        String availability = bank.isEnabled() ? "AVAILABLE" : "TEMPORARILY_UNAVAILABLE";
        return new CatalogueEntry(bank.getAlias(), Bank.displayName(bank),
                BankCatalogue.TEST.equals(bank.getConfig().get(TYPE)) ? BankCatalogue.TEST : BankCatalogue.API,
                bank.getConfig().get(ICON_URL),
                Map.of("auth", availability, "data", availability));
    }
}
