package io.openfinance.identity.store;

import java.time.Instant;
import java.util.Set;

import io.openfinance.identity.scope.DataScope;

/** What a token needs of one of a profile's connections: which data it was consented for, and until when. */
public record LiveConsent(String connectionId, Set<DataScope> dataScopes, Instant endsAt) {

    public boolean isLive(Instant now) {
        return endsAt.isAfter(now);
    }
}
