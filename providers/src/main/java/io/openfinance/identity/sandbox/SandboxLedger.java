package io.openfinance.identity.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The sandbox bank's books: the same accounts and transactions for the same customer on every call
 * and every server, derived from the customer's username.
 */
final class SandboxLedger {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] MERCHANTS = {"Grocer", "Rail ticket", "Coffee house", "Bookshop", "Pharmacy", "Cinema"};
    private static final String[] PAYERS = {"Salary", "Refund", "Transfer from savings", "Interest"};

    private final String customer;

    SandboxLedger(String customer) {
        this.customer = customer;
    }

    List<Map<String, Object>> accounts() {
        Random random = random("accounts");
        int count = 1 + random.nextInt(2);
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("id", accountId(i));
            account.put("name", i == 0 ? "Current account" : "Savings account");
            account.put("type", i == 0 ? "current" : "savings");
            account.put("currency", "GBP");
            account.put("balance", money(random, 100, 5000));
            account.put("details", Map.of(
                    "holderName", customer,
                    "sortCode", String.format("%02d-%02d-%02d", random.nextInt(100), random.nextInt(100), random.nextInt(100)),
                    "accountNumber", String.format("%08d", random.nextInt(100_000_000))));
            accounts.add(account);
        }
        return accounts;
    }

    Optional<List<Map<String, Object>>> transactions(String accountId) {
        if (accounts().stream().noneMatch(a -> a.get("id").equals(accountId))) {
            return Optional.empty();
        }
        Random random = random("transactions/" + accountId);
        List<Map<String, Object>> transactions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean in = random.nextInt(4) == 0;
            Map<String, Object> transaction = new LinkedHashMap<>();
            transaction.put("id", accountId + "-t" + i);
            transaction.put("direction", in ? "in" : "out");
            transaction.put("amount", money(random, in ? 50 : 2, in ? 2500 : 120));
            transaction.put("currency", "GBP");
            transaction.put("bookedAt", EPOCH.plus(i * 3L, ChronoUnit.DAYS).toString());
            transaction.put("description", in ? PAYERS[random.nextInt(PAYERS.length)] : MERCHANTS[random.nextInt(MERCHANTS.length)]);
            transactions.add(transaction);
        }
        return Optional.of(transactions);
    }

    private String accountId(int index) {
        return UUID.nameUUIDFromBytes((customer + "/account/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Random random(String purpose) {
        return new Random((customer + "/" + purpose).hashCode());
    }

    private static BigDecimal money(Random random, int min, int max) {
        return BigDecimal.valueOf(min + random.nextDouble() * (max - min)).setScale(2, RoundingMode.HALF_UP);
    }
}
