package io.openfinance.identity.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import io.openfinance.identity.bank.BankAccount;
import io.openfinance.identity.bank.BankTransaction;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The bank data the store keeps, read for the Data API and forgotten with its connection. Paging and filters run in
 * the database: newest first by (bookedAt, id), the transaction indexes' own order.
 */
public final class StoredData {

    private final KeycloakSession session;
    private final EntityManager em;

    private StoredData(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public static StoredData of(KeycloakSession session) {
        return new StoredData(session);
    }

    public List<StoredAccount> accounts(RealmModel realm, Collection<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return List.of();
        }
        AccountIdentifiers identifiers = new AccountIdentifiers(session, realm);
        return em.createNamedQuery("ofAccountsOfConnections", AccountEntity.class)
                .setParameter("connectionIds", connectionIds).getResultStream()
                .map(entity -> account(entity, identifiers)).toList();
    }

    public Optional<StoredAccount> account(RealmModel realm, String accountId) {
        return found(AccountEntity.class, accountId).map(entity -> account(entity, new AccountIdentifiers(session, realm)));
    }

    public Optional<StoredTransaction> transaction(String transactionId) {
        return found(TransactionEntity.class, transactionId).map(StoredData::transaction);
    }

    /** Up to {@code limit} transactions, after the cursor or from the offset (the cursor wins when both are given). */
    public List<StoredTransaction> transactions(TransactionQuery query, TransactionCursor after, int offset, int limit) {
        if (query.connections().isEmpty()) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>();
        StringBuilder jpql = new StringBuilder("select t from TransactionEntity t where ").append(where(query, parameters));
        if (after != null) {
            parameters.add(after.bookedAt());
            parameters.add(after.bookedAt());
            parameters.add(after.id());
            jpql.append(" and (t.bookedAt < ?").append(parameters.size() - 2).append(" or (t.bookedAt = ?")
                    .append(parameters.size() - 1).append(" and t.id < ?").append(parameters.size()).append("))");
        }
        jpql.append(" order by t.bookedAt desc, t.id desc");
        TypedQuery<TransactionEntity> found = bind(em.createQuery(jpql.toString(), TransactionEntity.class), parameters);
        if (after == null) {
            found.setFirstResult(offset);
        }
        return found.setMaxResults(limit).getResultStream().map(StoredData::transaction).toList();
    }

    public long count(TransactionQuery query) {
        if (query.connections().isEmpty()) {
            return 0;
        }
        List<Object> parameters = new ArrayList<>();
        String jpql = "select count(t) from TransactionEntity t where " + where(query, parameters);
        return bind(em.createQuery(jpql, Long.class), parameters).getSingleResult();
    }

    /** Whatever the store keeps of these connections: accounts, transactions, syncs and the count of their reads. */
    public void forgetConnections(Collection<String> connectionIds) {
        if (!connectionIds.isEmpty()) {
            forget("in :connectionIds", query -> query.setParameter("connectionIds", connectionIds));
        }
    }

    public void forgetConnectionsOfRealm(String realmId) {
        forget("in (select c.id from BankConnectionEntity c where c.realmId = :realmId)", query -> query.setParameter("realmId", realmId));
    }

    /** The data of every connection whose consent ended before {@code before}. */
    public void forgetConsentsEndedBefore(Instant before) {
        forget("in (select c.id from BankConnectionEntity c where c.consentExpiresAt < :before)",
                query -> query.setParameter("before", before.toEpochMilli()));
    }

    private void forget(String connections, Consumer<Query> parameters) {
        for (String entity : List.of("TransactionEntity", "AccountEntity", "SyncEntity", "SyncLeaseEntity", "UnattendedReadEntity")) {
            Query delete = em.createQuery("delete from " + entity + " e where e.connectionId " + connections);
            parameters.accept(delete);
            delete.executeUpdate();
        }
    }

    private static String where(TransactionQuery query, List<Object> parameters) {
        StringBuilder where = new StringBuilder("(");
        for (TransactionQuery.Visible visible : query.connections()) {
            if (where.length() > 1) {
                where.append(" or ");
            }
            parameters.add(visible.connectionId());
            where.append("(t.connectionId = ?").append(parameters.size());
            if (visible.transactionsFrom() != null) {
                parameters.add(visible.transactionsFrom().toEpochMilli());
                where.append(" and t.bookedAt >= ?").append(parameters.size());
            }
            where.append(switch (visible.directions()) {
                case ALL -> "";
                case IN -> " and t.amount > 0";
                case OUT -> " and t.amount < 0";
            }).append(')');
        }
        where.append(')');
        if (query.accountId() != null) {
            parameters.add(query.accountId());
            where.append(" and t.accountId = ?").append(parameters.size());
        }
        if (query.from() != null) {
            parameters.add(query.from().toEpochMilli());
            where.append(" and t.bookedAt >= ?").append(parameters.size());
        }
        if (query.until() != null) {
            parameters.add(query.until().toEpochMilli());
            where.append(" and t.bookedAt < ?").append(parameters.size());
        }
        return where.toString();
    }

    private static <T> TypedQuery<T> bind(TypedQuery<T> query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    private <T> Optional<T> found(Class<T> type, String id) {
        return id == null || id.length() > 36 ? Optional.empty() : Optional.ofNullable(em.find(type, id));
    }

    private static StoredAccount account(AccountEntity entity, AccountIdentifiers identifiers) {
        BankAccount bank = new BankAccount(entity.getBankAccountId(), entity.getName(), BankAccount.Kind.valueOf(entity.getKind()),
                entity.isBusiness(), entity.getCurrency(), entity.getBalance(), LocalDate.parse(entity.getBalanceDate()),
                identifiers.open(entity));
        return new StoredAccount(entity.getId(), entity.getConnectionId(), bank, Instant.ofEpochMilli(entity.getAddedAt()),
                Instant.ofEpochMilli(entity.getModifiedAt()));
    }

    private static StoredTransaction transaction(TransactionEntity entity) {
        BankTransaction bank = new BankTransaction(entity.getBankTransactionId(), entity.getAmount(), entity.getCurrency(),
                Instant.ofEpochMilli(entity.getBookedAt()), entity.getDescription(), entity.isPending());
        return new StoredTransaction(entity.getId(), entity.getAccountId(), entity.getConnectionId(), bank,
                Instant.ofEpochMilli(entity.getModifiedAt()));
    }
}
