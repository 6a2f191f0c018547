package io.openfinance.identity.ledger;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * A sync's new transactions, inserted {@value #ROWS} rows a statement: a first sync adds an account's whole history,
 * thousands of rows, which one by one through the persistence context cost an entity and an insert each. The rows go
 * into the caller's transaction, and the database still keeps each transaction once (its unique key on account and
 * bank id).
 */
final class NewTransactions {

    /** 11 parameters a row: 1 100 a statement, within every supported database's limit (SQL Server's is 2 100). */
    private static final int ROWS = 100;
    private static final String[] COLUMNS = {"id", "connectionId", "accountId", "bankTransactionId", "amount", "currency",
            "bookedAt", "description", "pending", "addedAt", "modifiedAt"};
    private static final String INSERT = "insert into TransactionEntity (" + String.join(", ", COLUMNS) + ") values ";

    private NewTransactions() {
    }

    static void insert(EntityManager em, List<TransactionEntity> rows) {
        for (int from = 0; from < rows.size(); from += ROWS) {
            List<TransactionEntity> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS));
            Query insert = em.createQuery(INSERT + IntStream.range(0, chunk.size()).mapToObj(NewTransactions::row)
                    .collect(Collectors.joining(", ")));
            int parameter = 1;
            for (TransactionEntity row : chunk) {
                insert.setParameter(parameter++, row.getId());
                insert.setParameter(parameter++, row.getConnectionId());
                insert.setParameter(parameter++, row.getAccountId());
                insert.setParameter(parameter++, row.getBankTransactionId());
                insert.setParameter(parameter++, row.getAmount());
                insert.setParameter(parameter++, row.getCurrency());
                insert.setParameter(parameter++, row.getBookedAt());
                insert.setParameter(parameter++, row.getDescription());
                insert.setParameter(parameter++, row.isPending());
                insert.setParameter(parameter++, row.getAddedAt());
                insert.setParameter(parameter++, row.getModifiedAt());
            }
            insert.executeUpdate();
        }
    }

    /** {@code (?n, ?n+1, …)}: the row's ordinal parameters. */
    private static String row(int index) {
        int first = index * COLUMNS.length + 1;
        return IntStream.range(first, first + COLUMNS.length).mapToObj(parameter -> "?" + parameter)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
