package io.openfinance.identity.bank;

import java.util.Arrays;

import org.keycloak.models.ClientModel;

/**
 * Which banks a partner may connect to: the client attribute {@value #ATTRIBUTE}, the bank ids separated by spaces.
 * Absent means every bank of the realm, so a bank an admin adds is open to every unrestricted partner at once
 * (a partner that may use no bank does not have the client scope {@code id}).
 */
public final class PartnerBanks {

    public static final String ATTRIBUTE = "of.banks";

    private PartnerBanks() {
    }

    public static boolean allows(ClientModel partner, String bankId) {
        String listed = partner.getAttribute(ATTRIBUTE);
        return listed == null || Arrays.asList(listed.trim().split("\\s+")).contains(bankId);
    }
}
