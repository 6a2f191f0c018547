package io.openfinance.identity.sealing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.openfinance.identity.cluster.OneNode;
import io.openfinance.identity.metrics.OpenFinanceMetrics;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.timer.TimerProvider;

/**
 * Envelope encryption: each realm's data key is stored wrapped by a key-encryption key from outside the database
 * ({@link KeyEncryptionKeySettings}). Reads the keys at start and refuses to start without one in production mode.
 * Every {@code rewrap-seconds} (default 60) one node re-wraps up to {@code rewrap-batch-size} (default 100) data keys
 * still under a previous key-encryption key, and every node reports how many are left
 * ({@code of_sealing_pending{kind="data_keys"}}) and logs once none is.
 */
public class EnvelopeSealingKeysFactory implements SealingKeysFactory {

    private static final Logger LOG = Logger.getLogger(EnvelopeSealingKeysFactory.class);

    private final DataKeyCache cache = new DataKeyCache();
    private final AtomicBoolean announced = new AtomicBoolean();
    private KeyEncryptionKeys keks;
    private long rewrapMillis;
    private int batchSize;

    @Override
    public SealingKeys create(KeycloakSession session) {
        return new JpaSealingKeys(session, keks, cache);
    }

    @Override
    public void init(Config.Scope config) {
        keks = KeyEncryptionKeySettings.load(config);
        rewrapMillis = config.getLong("rewrapSeconds", 60L) * 1000;
        batchSize = config.getInt("rewrapBatchSize", 100);
        LOG.infof("Bank tokens are sealed under key-encryption key %s%s", keks.current().id(),
                keks.previousIds().isEmpty() ? "" : "; previous keys " + keks.previousIds() + " still open data keys until re-wrapped");
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    OneNode.schedule(session, new DataKeyRewrap(keks, batchSize), rewrapMillis);
                    session.getProvider(TimerProvider.class).schedule(() -> countPending(factory), rewrapMillis,
                            DataKeyRewrap.NAME + "-count");
                });
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                JpaSealingKeys.em(removed.getKeycloakSession()).createNamedQuery("ofDeleteDataKeysOfRealm")
                        .setParameter("realmId", removed.getRealm().getId()).executeUpdate();
                cache.forgetRealm(removed.getRealm().getId());
            }
        });
    }

    /** On every node: the gauge, and the log line that tells the admin the previous keys can go. */
    private void countPending(KeycloakSessionFactory factory) {
        try {
            long pending = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> DataKeyRewrap.pending(session, keks));
            OpenFinanceMetrics.sealingPending("data_keys", pending);
            if (pending == 0 && !keks.previousIds().isEmpty() && announced.compareAndSet(false, true)) {
                LOG.infof("Every data key is wrapped by key-encryption key %s: the previous key-encryption keys %s can be removed"
                        + " from the settings", keks.current().id(), keks.previousIds());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not count the data keys under previous key-encryption keys", e);
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(KeyEncryptionKeySettings.KEK_FILE).type("string")
                .helpText("File holding the current key-encryption key: a base64 256-bit key (openssl rand -base64 32)").add()
                .property().name(KeyEncryptionKeySettings.PREVIOUS_KEK_FILES).type("string")
                .helpText("Comma-separated files of previous key-encryption keys, kept until the data keys are re-wrapped").add()
                .property().name(KeyEncryptionKeySettings.KEK_KEYSTORE).type("string")
                .helpText("PKCS#12 keystore holding the key-encryption keys, instead of kek-file").add()
                .property().name(KeyEncryptionKeySettings.KEK_KEYSTORE_PASSWORD).type("password")
                .helpText("Password of the keystore and its keys").add()
                .property().name(KeyEncryptionKeySettings.KEK_ALIAS).type("string")
                .helpText("Alias of the current key-encryption key in the keystore").add()
                .property().name(KeyEncryptionKeySettings.PREVIOUS_KEK_ALIASES).type("string")
                .helpText("Comma-separated aliases of previous key-encryption keys in the keystore").add()
                .property().name("rewrap-seconds").type("int").defaultValue(60)
                .helpText("How often one node re-wraps data keys still under a previous key-encryption key").add()
                .property().name("rewrap-batch-size").type("int").defaultValue(100)
                .helpText("How many data keys one round re-wraps").add()
                .build();
    }

    @Override
    public String getId() {
        return "default";
    }

    @Override
    public void close() {
    }
}
