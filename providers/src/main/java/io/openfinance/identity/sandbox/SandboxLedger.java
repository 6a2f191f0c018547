package io.openfinance.identity.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The sandbox bank's books: the same accounts and transactions for the same customer on every call
 * and every server, derived from the customer's username and scenario. Money is in minor units
 * (pence, cents) as integers; transactions run from {@link #OPENING} to {@link #CLOSING}, the latest
 * ones still pending where the scenario says so.
 */
public final class SandboxLedger {

    private static final Instant OPENING = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant CLOSING = Instant.parse("2026-06-30T00:00:00Z");
    private static final String BANK_CODE = "SBOX";
    static final int LARGE_ACCOUNT_TRANSACTIONS = 5000;
    private static final String[] MERCHANTS = {"Grocer", "Rail ticket", "Coffee house", "Bookshop", "Pharmacy", "Cinema"};
    private static final String[] PAYERS = {"Salary", "Refund", "Transfer from savings", "Interest"};

    /** One account's plan: what it is and how many transactions it has, the last {@code pending} of them pending. */
    private record Book(String name, String type, String currency, int transactions, int pending) {
    }

    private final String customer;
    private final List<Book> books;

    public SandboxLedger(String customer, Scenario scenario) {
        this.customer = customer;
        this.books = books(scenario);
    }

    private List<Book> books(Scenario scenario) {
        return switch (scenario) {
            case BUSY -> List.of(new Book("Current account", "current", "GBP", 150, 6),
                    new Book("Euro account", "current", "EUR", 100, 4));
            case LARGE_ACCOUNT -> List.of(new Book("Current account", "current", "GBP", LARGE_ACCOUNT_TRANSACTIONS, 0));
            case BUSINESS -> List.of(new Book("Business account", "business_current", "GBP", 40, 2));
            case MULTI_CURRENCY -> List.of(new Book("Sterling account", "current", "GBP", 8, 1),
                    new Book("Yen account", "current", "JPY", 8, 0), new Book("Dinar account", "savings", "BHD", 8, 0));
            default -> {
                Book current = new Book("Current account", "current", "GBP", 20, 0);
                yield random("accounts").nextBoolean()
                        ? List.of(current, new Book("Savings account", "savings", "GBP", 20, 0))
                        : List.of(current);
            }
        };
    }

    public List<Map<String, Object>> accounts() {
        return IntStream.range(0, books.size()).mapToObj(this::account).toList();
    }

    public Optional<List<Map<String, Object>>> transactions(String accountId) {
        return IntStream.range(0, books.size()).filter(i -> accountId(i).equals(accountId)).boxed().findFirst()
                .map(i -> transactions(accountId, books.get(i)));
    }

    private Map<String, Object> account(int index) {
        Book book = books.get(index);
        Random random = random("account/" + index);
        String sortCode = String.format("%06d", random.nextInt(1_000_000));
        String accountNumber = String.format("%08d", random.nextInt(100_000_000));
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", accountId(index));
        account.put("name", book.name());
        account.put("type", book.type());
        account.put("currency", book.currency());
        account.put("balance", minorUnits(random, book.currency(), 100, 5000));
        account.put("balanceDate", LocalDate.ofInstant(CLOSING, ZoneOffset.UTC).toString());
        account.put("details", Map.of(
                "holderName", customer,
                "sortCode", sortCode.substring(0, 2) + "-" + sortCode.substring(2, 4) + "-" + sortCode.substring(4),
                "accountNumber", accountNumber,
                "iban", Iban.british(BANK_CODE, sortCode + accountNumber)));
        return account;
    }

    private List<Map<String, Object>> transactions(String accountId, Book book) {
        Random random = random("transactions/" + accountId);
        Duration step = Duration.between(OPENING, CLOSING).dividedBy(book.transactions());
        List<Map<String, Object>> transactions = new ArrayList<>();
        for (int i = 0; i < book.transactions(); i++) {
            boolean in = random.nextInt(4) == 0;
            Map<String, Object> transaction = new LinkedHashMap<>();
            transaction.put("id", accountId + "-t" + i);
            transaction.put("direction", in ? "in" : "out");
            transaction.put("amount", minorUnits(random, book.currency(), in ? 50 : 2, in ? 2500 : 120));
            transaction.put("currency", book.currency());
            transaction.put("bookedAt", OPENING.plus(step.multipliedBy(i)).toString());
            transaction.put("description", in ? PAYERS[random.nextInt(PAYERS.length)] : MERCHANTS[random.nextInt(MERCHANTS.length)]);
            transaction.put("status", i >= book.transactions() - book.pending() ? "pending" : "booked");
            transactions.add(transaction);
        }
        return transactions;
    }

    private String accountId(int index) {
        return UUID.nameUUIDFromBytes((customer + "/account/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Random random(String purpose) {
        return new Random((customer + "/" + purpose).hashCode());
    }

    /** A whole number of minor units (the currency's ISO 4217 exponent) between {@code min} and {@code max} major units. */
    private static long minorUnits(Random random, String currency, int min, int max) {
        int perMajor = (int) Math.pow(10, Currency.getInstance(currency).getDefaultFractionDigits());
        return (long) min * perMajor + random.nextInt((max - min) * perMajor);
    }
}
