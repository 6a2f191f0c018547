package io.openfinance.identity.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankTransaction;
import io.openfinance.identity.store.BankConnection;
import io.openfinance.identity.store.BankConnectionEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Writes what a sync read into the store, in the caller's transaction, holding the connection's row lock so that
 * two syncs of one connection (two nodes, or the partner's and ours) write one after the other. Idempotent on the
 * bank's ids: a transaction read again is updated when it changed (pending to booked), never added twice; a pending
 * one the bank no longer returns, within the dates it answered for, is gone (cancelled, or booked under another id).
 */
final class SyncWriter {

    private static final int MAX_ID = 255;
    private static final int MAX_NAME = 255;
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_CURRENCY = 8;

    /** How many transactions the sync added and changed, and our ids of the accounts it read. */
    record Written(List<String> accountIds, int added, int updated) {
    }

    private final KeycloakSession session;
    private final EntityManager em;

    SyncWriter(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** False when the connection is gone meanwhile: nothing is written. */
    boolean lock(BankConnection connection) {
        return em.find(BankConnectionEntity.class, connection.id(), LockModeType.PESSIMISTIC_WRITE) != null;
    }

    Written write(RealmModel realm, BankConnection connection, BankReading.Read read) {
        long now = Instant.now().toEpochMilli();
        Map<String, AccountEntity> stored = new HashMap<>();
        em.createNamedQuery("ofAccountsOfConnections", AccountEntity.class).setParameter("connectionIds", List.of(connection.id()))
                .getResultStream().forEach(account -> stored.put(account.getBankAccountId(), account));
        AccountIdentifiers identifiers = new AccountIdentifiers(session, realm);
        List<String> accountIds = new ArrayList<>();
        int addedTransactions = 0;
        int updatedTransactions = 0;
        for (Map.Entry<BankAccount, List<BankTransaction>> entry : read.accounts().entrySet()) {
            BankAccount bank = entry.getKey();
            if (accountIds.size() == 100 || !fits(bank.id())) {
                continue;
            }
            AccountEntity account = stored.get(bank.id());
            boolean added = account == null;
            if (added) {
                account = new AccountEntity();
                account.setId(UUID.randomUUID().toString());
                account.setConnectionId(connection.id());
                account.setBankAccountId(bank.id());
                // The bank's order, for listings sorted by addedAt: accounts added by one sync are a millisecond apart.
                account.setAddedAt(now + accountIds.size());
                stored.put(bank.id(), account);
            } else if (accountIds.contains(account.getId())) {
                continue;
            }
            writeAccount(account, bank, identifiers, now);
            if (added) {
                em.persist(account);
            }
            accountIds.add(account.getId());
            int[] counts = writeTransactions(connection, account, entry.getValue(), now);
            addedTransactions += counts[0];
            updatedTransactions += counts[1];
        }
        em.flush();
        return new Written(accountIds, addedTransactions, updatedTransactions);
    }

    private static void writeAccount(AccountEntity account, BankAccount bank, AccountIdentifiers identifiers, long now) {
        account.setName(cut(bank.name(), MAX_NAME));
        account.setKind(bank.kind().name());
        account.setBusiness(bank.business());
        account.setCurrency(cut(bank.currency(), MAX_CURRENCY));
        account.setBalance(bank.balanceMinor());
        account.setBalanceDate(bank.balanceDate().toString());
        identifiers.seal(account, bank.details());
        account.setModifiedAt(now);
    }

    /** @return {added, updated} */
    private int[] writeTransactions(BankConnection connection, AccountEntity account, List<BankTransaction> read, long now) {
        Map<String, TransactionEntity> stored = new HashMap<>();
        em.createNamedQuery("ofTransactionsOfAccount", TransactionEntity.class).setParameter("accountId", account.getId())
                .getResultStream().forEach(t -> stored.put(t.getBankTransactionId(), t));
        Map<String, BankTransaction> answer = new LinkedHashMap<>();
        Instant from = connection.transactionsFrom();
        for (BankTransaction transaction : read) {
            if (fits(transaction.id()) && (from == null || !transaction.bookedAt().isBefore(from))) {
                answer.put(transaction.id(), transaction);
            }
        }
        int added = 0;
        int updated = 0;
        for (BankTransaction transaction : answer.values()) {
            TransactionEntity entity = stored.remove(transaction.id());
            if (entity == null) {
                entity = new TransactionEntity();
                entity.setId(UUID.randomUUID().toString());
                entity.setConnectionId(connection.id());
                entity.setAccountId(account.getId());
                entity.setBankTransactionId(transaction.id());
                entity.setAddedAt(now);
                copy(transaction, entity, now);
                em.persist(entity);
                added++;
            } else if (changed(entity, transaction)) {
                copy(transaction, entity, now);
                updated++;
            }
        }
        // Only within the dates the bank answered for: past 90 days a bank serves the recent part only.
        long oldestAnswered = answer.values().stream().mapToLong(t -> t.bookedAt().toEpochMilli()).min().orElse(Long.MAX_VALUE);
        stored.values().stream().filter(t -> t.isPending() && t.getBookedAt() >= oldestAnswered).forEach(em::remove);
        return new int[] {added, updated};
    }

    private static boolean changed(TransactionEntity entity, BankTransaction transaction) {
        return entity.getAmount() != transaction.amountMinor() || entity.isPending() != transaction.pending()
                || entity.getBookedAt() != transaction.bookedAt().toEpochMilli()
                || !Objects.equals(entity.getCurrency(), cut(transaction.currency(), MAX_CURRENCY))
                || !Objects.equals(entity.getDescription(), cut(transaction.description(), MAX_DESCRIPTION));
    }

    private static void copy(BankTransaction transaction, TransactionEntity entity, long now) {
        entity.setAmount(transaction.amountMinor());
        entity.setCurrency(cut(transaction.currency(), MAX_CURRENCY));
        entity.setBookedAt(transaction.bookedAt().toEpochMilli());
        entity.setDescription(cut(transaction.description(), MAX_DESCRIPTION));
        entity.setPending(transaction.pending());
        entity.setModifiedAt(now);
    }

    /** A bank id longer than the store keeps is not one we can tell apart: such an item is left out. */
    private static boolean fits(String bankId) {
        return bankId != null && !bankId.isEmpty() && bankId.length() <= MAX_ID;
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
