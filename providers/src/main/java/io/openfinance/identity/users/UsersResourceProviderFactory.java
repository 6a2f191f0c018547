package io.openfinance.identity.users;

import io.openfinance.identity.rest.PagedRealmResourceFactory;

public class UsersResourceProviderFactory extends PagedRealmResourceFactory {

    public UsersResourceProviderFactory() {
        super("users", UsersResource::new);
    }
}
