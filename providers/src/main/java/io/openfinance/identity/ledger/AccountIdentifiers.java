package io.openfinance.identity.ledger;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.sealing.Sealer;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** An account's identifiers (holder name, sort code, account number, IBAN), sealed at rest and bound to their row. */
final class AccountIdentifiers {

    private static final String HOLDER_NAME = "holder-name";
    private static final String SORT_CODE = "sort-code";
    private static final String ACCOUNT_NUMBER = "account-number";
    private static final String IBAN = "iban";

    private final Sealer sealer;

    AccountIdentifiers(KeycloakSession session, RealmModel realm) {
        this.sealer = new Sealer(session, realm);
    }

    void seal(AccountEntity entity, BankAccount.Details details) {
        entity.setHolderName(sealer.seal(details.holderName(), entity.getId(), HOLDER_NAME));
        entity.setSortCode(sealer.seal(details.sortCode(), entity.getId(), SORT_CODE));
        entity.setAccountNumber(sealer.seal(details.accountNumber(), entity.getId(), ACCOUNT_NUMBER));
        entity.setIban(sealer.seal(details.iban(), entity.getId(), IBAN));
    }

    BankAccount.Details open(AccountEntity entity) {
        return new BankAccount.Details(sealer.open(entity.getHolderName(), entity.getId(), HOLDER_NAME),
                sealer.open(entity.getSortCode(), entity.getId(), SORT_CODE),
                sealer.open(entity.getAccountNumber(), entity.getId(), ACCOUNT_NUMBER),
                sealer.open(entity.getIban(), entity.getId(), IBAN));
    }
}
