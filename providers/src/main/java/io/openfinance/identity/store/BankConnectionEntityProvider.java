package io.openfinance.identity.store;

import java.util.List;

import io.openfinance.identity.authrequests.AuthRequestEntity;
import io.openfinance.identity.events.OutboxEventEntity;
import io.openfinance.identity.ledger.AccountEntity;
import io.openfinance.identity.ledger.SyncEntity;
import io.openfinance.identity.ledger.SyncLeaseEntity;
import io.openfinance.identity.ledger.TransactionEntity;
import io.openfinance.identity.ledger.UnattendedReadEntity;
import io.openfinance.identity.profile.ProfileEntity;
import io.openfinance.identity.sealing.DataKeyEntity;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

final class BankConnectionEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(BankConnectionEntity.class, ProfileEntity.class, OutboxEventEntity.class, AuthRequestEntity.class,
                DataKeyEntity.class, AccountEntity.class, TransactionEntity.class, SyncEntity.class,
                SyncLeaseEntity.class, UnattendedReadEntity.class, BankRevocationEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/open-finance-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return BankConnectionEntityProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}
