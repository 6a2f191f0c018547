package io.openfinance.identity.rest;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** A realm resource that answers lists, with its {@link PageSizes} from the server's settings, checked at startup. */
public abstract class PagedRealmResourceFactory extends RealmResourceFactory {

    private final AtomicReference<PageSizes> pageSizes;

    protected PagedRealmResourceFactory(String id, BiFunction<KeycloakSession, PageSizes, Object> resource) {
        this(id, resource, new AtomicReference<>(PageSizes.DEFAULT));
    }

    private PagedRealmResourceFactory(String id, BiFunction<KeycloakSession, PageSizes, Object> resource,
                                      AtomicReference<PageSizes> pageSizes) {
        super(id, session -> resource.apply(session, pageSizes.get()));
        this.pageSizes = pageSizes;
    }

    @Override
    public void init(Config.Scope config) {
        pageSizes.set(PageSizes.from(config, getId()));
    }

    public PageSizes pageSizes() {
        return pageSizes.get();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(PageSizes.DEFAULT_KEY).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("limit of a list page when the request names none").defaultValue(PageSizes.DEFAULT.defaultSize()).add()
                .property().name(PageSizes.MAX_KEY).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("largest limit a list page accepts").defaultValue(PageSizes.DEFAULT.max()).add()
                .build();
    }
}
