package io.openfinance.identity.scope;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** An OAuth {@code scope} parameter, read for what this service cares about: banks and data scopes. */
public final class ScopeParameter {

    public static final String BANK_PREFIX = "id:";

    private final Set<String> values;

    private ScopeParameter(Set<String> values) {
        this.values = values;
    }

    public static ScopeParameter parse(String scope) {
        if (scope == null || scope.isBlank()) {
            return new ScopeParameter(Set.of());
        }
        return new ScopeParameter(Arrays.stream(scope.trim().split("\\s+"))
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    public List<String> bankIds() {
        return values.stream().filter(v -> v.startsWith(BANK_PREFIX))
                .map(v -> v.substring(BANK_PREFIX.length())).toList();
    }

    public Set<DataScope> dataScopes() {
        return values.stream().flatMap(v -> DataScope.fromScope(v).stream())
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(DataScope.class)));
    }

    public Set<String> values() {
        return values;
    }

    public boolean contains(String scope) {
        return values.contains(scope);
    }

    /** This scope with its data scopes replaced by {@code dataScopes}, everything else as it was. */
    public String withDataScopes(Set<DataScope> dataScopes) {
        return Stream.concat(values.stream().filter(v -> !DataScope.isDataScope(v)), dataScopes.stream().map(DataScope::scope))
                .collect(Collectors.joining(" "));
    }

    public static String join(Set<DataScope> scopes) {
        return scopes.stream().map(DataScope::scope).collect(Collectors.joining(" "));
    }

    public static Set<DataScope> parseDataScopes(String scopes) {
        return parse(scopes).dataScopes();
    }
}
