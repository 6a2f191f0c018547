package io.openfinance.identity.flow;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** A factory for an authentication flow step of ours: no configuration, always REQUIRED, one stateless instance. */
public abstract class RequiredStepFactory implements AuthenticatorFactory {

    private static final AuthenticationExecutionModel.Requirement[] REQUIRED = {AuthenticationExecutionModel.Requirement.REQUIRED};

    private final String id;
    private final String displayType;
    private final String helpText;
    private final Authenticator authenticator;

    protected RequiredStepFactory(String id, String displayType, String helpText, Authenticator authenticator) {
        this.id = id;
        this.displayType = displayType;
        this.helpText = helpText;
        this.authenticator = authenticator;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getDisplayType() {
        return displayType;
    }

    @Override
    public String getHelpText() {
        return helpText;
    }

    @Override
    public String getReferenceCategory() {
        return "open-finance";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIRED.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
