package io.openfinance.identity.users;

import io.openfinance.identity.rest.RealmResourceFactory;

public class UsersResourceProviderFactory extends RealmResourceFactory {

    public UsersResourceProviderFactory() {
        super("users", UsersResource::new);
    }
}
